//! The requirements format: what an engineer knows about the system to design.
//!
//! Every field is optional; `defaults.rs` holds the value used when a field is
//! absent, and the doc comment of each field states it. The doc comments become
//! the JSON Schema descriptions that editors show. Field paths such as
//! `scale.peak_rps` are the fact names that rule conditions use.

use crate::quantity::{Bytes, Count, Growth, Millis, Percent};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// System requirements for a design review. Every field is optional; absent
/// fields take the documented default and are listed as defaulted in the output.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Requirements {
    /// The system or service name, used in titles. Default: "unnamed system".
    #[schemars(length(max = 200))]
    pub name: Option<String>,
    /// One or two sentences on what the system does.
    #[schemars(length(max = 2000))]
    pub description: Option<String>,
    /// How many people use it and how hard they hit it.
    pub scale: Option<Scale>,
    /// The shape of the request traffic.
    pub traffic: Option<Traffic>,
    /// The data kept: size, growth, shape, transactions and query patterns.
    pub data: Option<Data>,
    /// What stale or conflicting data costs, and which guarantees readers need.
    pub consistency: Option<Consistency>,
    /// Response-time target.
    pub latency: Option<Latency>,
    /// Uptime target and tolerance for planned downtime.
    pub availability: Option<Availability>,
    /// Updates that must reach clients without them asking.
    pub realtime: Option<Realtime>,
    /// Who calls the system.
    pub clients: Option<Clients>,
    /// Work that can happen after the response: jobs, events, replay.
    pub background: Option<Background>,
    /// Static assets, media and where the audience is.
    pub content: Option<Content>,
    /// The people who build and run it.
    pub team: Option<Team>,
    /// Identity, permissions, tenancy and compliance.
    pub security: Option<Security>,
    /// Protection against overload and abuse.
    pub limits: Option<Limits>,
    /// Where and how it runs and ships.
    pub operations: Option<Operations>,
    /// Services and third parties the system calls.
    pub dependencies: Option<Dependencies>,
    /// The design the team has chosen, topic id -> option id (checked by `tradeoff lint`
    /// for drift against what the requirements support).
    pub decisions: Option<BTreeMap<String, String>>,
    /// Lint findings the team accepts, each with a reason (see `tradeoff lint`).
    pub accept: Option<Vec<Acceptance>>,
    /// Parts of the system whose data and traffic differ, each decided on its own for
    /// the data topics (database, consistency, caching, ...). Default: none (one workload).
    pub components: Option<Vec<super::component::Component>>,
}

impl Requirements {
    /// The document without its components and declared decisions, so that reading
    /// facts from it (or laying one part over it) does not copy every part. Every field
    /// is named, so a new one cannot be left out silently.
    pub fn without_parts(&self) -> std::borrow::Cow<'_, Requirements> {
        if self.components.is_none() && self.decisions.is_none() {
            return std::borrow::Cow::Borrowed(self);
        }
        std::borrow::Cow::Owned(Requirements {
            name: self.name.clone(),
            description: self.description.clone(),
            scale: self.scale.clone(),
            traffic: self.traffic.clone(),
            data: self.data.clone(),
            consistency: self.consistency.clone(),
            latency: self.latency.clone(),
            availability: self.availability.clone(),
            realtime: self.realtime.clone(),
            clients: self.clients.clone(),
            background: self.background.clone(),
            content: self.content.clone(),
            team: self.team.clone(),
            security: self.security.clone(),
            limits: self.limits.clone(),
            operations: self.operations.clone(),
            dependencies: self.dependencies.clone(),
            decisions: None,
            accept: self.accept.clone(),
            components: None,
        })
    }
}

/// An accepted lint finding: it is reported but does not fail the run.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// A lint id (`decision-drift`) or a topic id (`caching`) whose drift is accepted.
    pub id: String,
    /// Why the finding is accepted; required, and not blank.
    #[schemars(length(min = 1, max = 1000), regex(pattern = r"[^ \t\r\n]"))]
    #[serde(deserialize_with = "super::text::not_blank")]
    pub reason: String,
    /// Who owns the decision to accept it.
    #[schemars(length(max = 200))]
    pub owner: Option<String>,
    /// Date (YYYY-MM-DD) after which the acceptance lapses and the finding counts again.
    #[schemars(
        regex(pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"),
        extend("format" = "date")
    )]
    #[serde(default, deserialize_with = "super::text::optional_date")]
    pub expires: Option<String>,
}

/// How many people use the system and how hard they hit it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// Registered users (or accounts). Default: 10k.
    pub users: Option<Count>,
    /// Daily active users. Default: 20 % of `users`.
    pub daily_active_users: Option<Count>,
    /// Peak requests per second across the whole system. Default: 50.
    pub peak_rps: Option<Count>,
    /// Expected growth of traffic and data per year, in percent; above 100 % when
    /// it more than doubles (200% triples each year). Default: 30%.
    pub growth_per_year: Option<Growth>,
    /// Customer organisations (tenants) sharing the system. Default: 1.
    pub tenants: Option<Count>,
    /// Share of the load that comes from the largest tenant, in percent (a skew of 30 %
    /// or more makes that tenant a hotspot). Default: 100 % divided by `tenants`.
    pub largest_tenant_share: Option<Percent>,
}

/// The shape of the request traffic.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Traffic {
    /// Share of requests that only read, in percent (writes are the rest). Default: 80%.
    pub read_percent: Option<Percent>,
    /// How traffic varies over time. Default: daily-peaks.
    pub burstiness: Option<Burstiness>,
}

/// How traffic varies over time.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Burstiness {
    /// Roughly flat load.
    Steady,
    /// Predictable daily highs and lows.
    DailyPeaks,
    /// Sudden spikes (launches, sales, viral content).
    Spiky,
}

/// The data kept by the system.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Data {
    /// Size of the data today. Default: 10GB.
    pub size: Option<Bytes>,
    /// How much the data grows per month. Default: 1GB.
    pub growth_per_month: Option<Bytes>,
    /// The main shape of the data. Default: relational.
    pub shape: Option<DataShape>,
    /// Other shapes the system also keeps (for example blobs beside relational rows). Default: none.
    pub other_shapes: Option<Vec<DataShape>>,
    /// Whether writes must change several rows or records atomically (multi-row ACID). Default: false.
    pub transactions: Option<bool>,
    /// Whether the schema is settled or still changing quickly. Default: stable.
    pub schema: Option<SchemaStability>,
    /// How the data is queried. Default: [key-lookup].
    pub queries: Option<Vec<QueryPattern>>,
    /// Whether several servers must read and write the same files through a shared
    /// file system (legacy apps, shared home directories). Default: false.
    pub shared_files: Option<bool>,
    /// How long records are kept before they expire or are deleted (`30d`, `90d`);
    /// 0 keeps them forever. Default: 0 (forever).
    pub retention: Option<Millis>,
    /// Share of the data that takes most reads (the hot set a cache must hold), in percent.
    /// Default: 20%.
    pub hot_percent: Option<Percent>,
}

/// The main shape of the data.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum DataShape {
    /// Tables with clear relationships between entities.
    Relational,
    /// Self-contained, hierarchical JSON-like documents.
    Document,
    /// Values looked up by a single key.
    KeyValue,
    /// Timestamped measurements, metrics, logs or events.
    TimeSeries,
    /// Entities whose relationships are the point (social graphs, recommendations, fraud rings).
    Graph,
    /// Large files: images, video, backups, documents.
    Blobs,
}

/// Whether the schema is settled.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum SchemaStability {
    /// The entities and fields are known and change rarely.
    Stable,
    /// Fields and structures change often while the product is explored.
    Evolving,
}

/// A way the data is queried.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum QueryPattern {
    /// Fetch one record by its id or another exact value.
    KeyLookup,
    /// Combine several entities in one query.
    Joins,
    /// Ranges and sorting (dates, prices, pagination).
    Ranges,
    /// Search inside text.
    FullText,
    /// Filters on several columns together.
    MultiColumnFilters,
    /// Reports and aggregates over many rows.
    Aggregations,
    /// Following relationships several hops deep.
    Traversals,
}

/// What stale data costs and which guarantees readers need.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Consistency {
    /// What it costs when a reader sees data that is a little out of date. Default: low.
    pub stale_data_cost: Option<StaleCost>,
    /// Users must see their own writes at once (profile edits, posted comments). Default: false.
    pub read_your_writes: Option<bool>,
    /// Causally related writes must be seen in order (a reply never before its post). Default: false.
    pub causal: Option<bool>,
    /// A user must never see data go back in time between two reads. Default: false.
    pub monotonic_reads: Option<bool>,
    /// During a network partition, keep answering (availability) or refuse rather
    /// than risk inconsistent answers (consistency). Default: availability.
    pub partition_preference: Option<PartitionPreference>,
}

/// What it costs when a reader sees out-of-date data.
#[derive(
    Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord,
)]
#[serde(rename_all = "kebab-case")]
pub enum StaleCost {
    /// Nobody notices (view counts, likes, recommendations).
    Negligible,
    /// Mildly annoying, corrected on the next read.
    Low,
    /// Wrong decisions or angry users (stock levels, bookings).
    High,
    /// Money lost or rules broken (balances, payments, inventory that must not oversell).
    Critical,
}

/// Preference during a network partition.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum PartitionPreference {
    /// Keep answering, possibly with stale data (AP).
    Availability,
    /// Refuse or wait rather than answer inconsistently (CP).
    Consistency,
}

/// Response-time target.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Latency {
    /// 99th-percentile response time target for user-facing requests. Default: 500ms.
    pub p99: Option<Millis>,
}

/// Uptime target and tolerance for planned downtime.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Availability {
    /// Availability target, in percent. Default: 99.9%.
    pub target: Option<Percent>,
    /// Planned downtime that users accept (for deploys and upgrades). Default: minutes.
    pub planned_downtime: Option<DowntimeTolerance>,
    /// Recovery point objective: how much recent data may be lost in a disaster (0 = none). Default: 1h.
    pub rpo: Option<Millis>,
    /// Recovery time objective: how long a full recovery may take. Default: 4h.
    pub rto: Option<Millis>,
}

/// Planned downtime users accept.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum DowntimeTolerance {
    /// No planned downtime at all.
    None,
    /// A few minutes, announced or at quiet hours.
    Minutes,
    /// Maintenance windows of hours are fine.
    Hours,
}

/// Updates that reach clients without them asking.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Realtime {
    /// Which kinds of real-time delivery are needed. Default: none.
    pub needs: Option<Vec<RealtimeNeed>>,
    /// How soon after a change clients must see it. Default: 1m.
    pub freshness: Option<Millis>,
    /// Clients connected at the same time at peak. Default: 10 % of daily active users.
    pub concurrent_connections: Option<Count>,
}

/// A kind of real-time delivery.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum RealtimeNeed {
    /// The server sends updates to open clients (feeds, dashboards, scores).
    ServerUpdates,
    /// Both sides send at any time (chat, games, collaborative editing).
    TwoWay,
    /// Users must be told while the app is closed (mobile or browser notifications).
    OfflineNotifications,
    /// Third-party systems must be told when events happen (integrations).
    ThirdPartyEvents,
}

/// Who calls the system.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Clients {
    /// Kinds of clients. Default: [browser].
    pub kinds: Option<Vec<ClientKind>>,
    /// Different clients need different shapes of the same data (over- and under-fetching
    /// with fixed endpoints). Default: false.
    pub varied_data_needs: Option<bool>,
    /// Clients sit on slow or metered networks where payload size matters. Default: false.
    pub bandwidth_constrained: Option<bool>,
    /// Clients are written by others, in languages you do not control (public SDKs,
    /// partner integrations). Default: false.
    pub any_language: Option<bool>,
}

/// A kind of client.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum ClientKind {
    /// Web browsers.
    Browser,
    /// Native mobile apps.
    Mobile,
    /// Outside developers calling a public API.
    PublicApi,
    /// Other services of the same organisation.
    InternalServices,
    /// Devices and sensors.
    Iot,
    /// Single-page web apps (React, Vue, Angular) calling the API from the browser.
    SinglePageApp,
    /// Smart-TV and set-top-box apps.
    Tv,
    /// Installed desktop applications.
    Desktop,
}

/// Work that can happen after the response.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Background {
    /// Tasks that can run after the response (emails, thumbnails, exports). Default: false.
    pub jobs: Option<bool>,
    /// Operations that take longer than a request should wait (seconds to hours). Default: false.
    pub long_running: Option<bool>,
    /// Several independent consumers need the same events. Default: false.
    pub fan_out: Option<bool>,
    /// Consumers must be able to re-read past events (replay, rebuild, audit). Default: false.
    pub replay: Option<bool>,
    /// Events are analysed as they arrive (activity tracking, metrics, fraud signals). Default: false.
    pub stream_processing: Option<bool>,
    /// Events or messages produced per second at peak. Default: writes per second.
    pub events_per_sec: Option<Count>,
    /// Deliveries per event: followers per post, subscribers per topic. Default: 1.
    pub fan_out_ratio: Option<Count>,
}

/// Static assets, media and where the audience is.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Content {
    /// The system serves static assets (JS, CSS, images). Default: true.
    pub static_assets: Option<bool>,
    /// The system serves heavy media (video, large images, downloads). Default: false.
    pub media: Option<bool>,
    /// Users are spread across continents. Default: false.
    pub global_audience: Option<bool>,
    /// Responses are personalised per user or location and must still be fast far from
    /// the origin. Default: false.
    pub personalized: Option<bool>,
}

/// The people who build and run the system.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Team {
    /// Engineers working on the system. Default: 5.
    pub engineers: Option<Count>,
    /// Independent teams that own parts of it. Default: 1.
    pub teams: Option<Count>,
    /// How mature operations are: CI/CD, on-call, infrastructure as code. Default: medium.
    pub ops_maturity: Option<Level>,
    /// Programming languages the teams want to use. Default: one language.
    pub languages: Option<Vec<String>>,
}

/// A three-step level.
#[derive(
    Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord,
)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Little or none of it yet.
    Low,
    /// The usual practice, with gaps.
    Medium,
    /// Thorough and routine.
    High,
}

/// Identity, permissions, tenancy and compliance.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Security {
    /// Kinds of login the system must support. Default: [password].
    pub logins: Option<Vec<LoginKind>>,
    /// Multi-factor authentication is required for users. Default: false.
    pub mfa: Option<bool>,
    /// Sessions must be revocable at once (logout everywhere, stolen devices, banned users). Default: false.
    pub instant_revocation: Option<bool>,
    /// How complex permission rules are. Default: roles.
    pub authorization: Option<AuthzComplexity>,
    /// Several customer organisations share the system, isolated from each other. Default: false.
    pub multi_tenant: Option<bool>,
    /// Regulations that apply. Default: none.
    pub compliance: Option<Vec<Compliance>>,
}

/// A kind of login.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum LoginKind {
    /// Username and password kept by the system.
    Password,
    /// Login with Google, GitHub, Apple and similar (third-party login).
    Social,
    /// Corporate single sign-on.
    EnterpriseSso,
    /// Programs calling the API on their own behalf.
    Machine,
}

/// How complex permission rules are.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum AuthzComplexity {
    /// Everyone logged in may do everything.
    Simple,
    /// Permissions follow job roles (admin, editor, viewer).
    Roles,
    /// Permissions depend on attributes: department, time, location, data sensitivity.
    Attributes,
    /// Each resource has its own list of who may do what (shared documents).
    PerResource,
}

/// A regulation.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Compliance {
    /// EU General Data Protection Regulation: personal data of people in the EU.
    Gdpr,
    /// US Health Insurance Portability and Accountability Act: health records.
    Hipaa,
    /// Payment Card Industry Data Security Standard: card payments.
    PciDss,
    /// SOC 2: audited security, availability and confidentiality controls.
    Soc2,
}

/// Protection against overload and abuse.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Clients get quotas or tiers (free vs paid plans, per-key limits). Default: false.
    pub per_client_quotas: Option<bool>,
    /// Limits must be exact, never letting a burst through at a window edge. Default: false.
    pub exact: Option<bool>,
    /// Downstream systems need a smooth, constant request rate. Default: false.
    pub smooth_output: Option<bool>,
}

/// Where and how the system runs and ships.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Operations {
    /// The platform it runs on. Default: vms.
    pub platform: Option<Platform>,
    /// How often the team deploys. Default: weekly.
    pub deploy_frequency: Option<DeployFrequency>,
    /// Budget to run a full duplicate of production during deploys. Default: false.
    pub duplicate_infra_budget: Option<bool>,
    /// How good monitoring and alerting are. Default: medium.
    pub monitoring: Option<Level>,
    /// Regions the system runs in. Default: 1.
    pub regions: Option<Count>,
    /// Releases often contain risky or breaking changes. Default: false.
    pub risky_changes: Option<bool>,
    /// The team wants to test ideas on a share of users (A/B tests). Default: false.
    pub ab_testing: Option<bool>,
    /// Availability zones (separate data centres) per region the system runs in. Default: 1.
    pub availability_zones: Option<Count>,
    /// Deployable services that exist today (1 for a monolith). Default: 1.
    pub services: Option<Count>,
    /// How much running cost weighs against other qualities. Default: medium.
    pub cost_sensitivity: Option<Level>,
    /// Memory budget for caches across the system; 0 means no fixed budget (a hot set
    /// larger than it forces eviction). Default: 0.
    pub cache_memory_budget: Option<Bytes>,
}

/// Where the system runs.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Platform {
    /// Kubernetes or another container orchestrator.
    Kubernetes,
    /// Virtual or physical machines.
    Vms,
    /// Functions as a service.
    Serverless,
    /// A managed application platform (Heroku-like).
    Paas,
}

/// How often the team deploys.
#[derive(
    Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord,
)]
#[serde(rename_all = "kebab-case")]
pub enum DeployFrequency {
    /// About once a month or less.
    Monthly,
    /// About once a week.
    Weekly,
    /// About once a day.
    Daily,
    /// Many times a day (continuous deployment).
    Continuous,
}

/// Services and third parties the system calls.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Dependencies {
    /// Remote services or third parties called while serving a request. Default: 0.
    pub external: Option<Count>,
    /// Those dependencies are known to be slow or flaky at times. Default: false.
    pub unreliable: Option<bool>,
    /// Calls to them are idempotent, so repeating one is safe. Default: false.
    pub idempotent: Option<bool>,
}
