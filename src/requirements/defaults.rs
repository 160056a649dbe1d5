//! The value each requirement takes when the file leaves it out.
//!
//! Kept beside the model so the doc comment of each field ("Default: …") and the
//! value here are reviewed together; a test checks that every field has one.
//! Defaults that depend on other answers (daily active users, concurrent
//! connections, events per second) are computed in `facts.rs`.

use super::model::*;
use crate::quantity::{Bytes, Count, Growth, Millis, Percent};

pub fn defaults() -> Requirements {
    Requirements {
        name: Some("unnamed system".into()),
        description: Some(String::new()),
        scale: Some(Scale {
            users: Some(Count(10_000.0)),
            daily_active_users: None,
            peak_rps: Some(Count(50.0)),
            growth_per_year: Some(Growth(30.0)),
            tenants: Some(Count(1.0)),
            largest_tenant_share: None,
        }),
        traffic: Some(Traffic {
            read_percent: Some(Percent(80.0)),
            burstiness: Some(Burstiness::DailyPeaks),
        }),
        data: Some(Data {
            size: Some(Bytes(10e9)),
            growth_per_month: Some(Bytes(1e9)),
            shape: Some(DataShape::Relational),
            other_shapes: Some(vec![]),
            transactions: Some(false),
            schema: Some(SchemaStability::Stable),
            queries: Some(vec![QueryPattern::KeyLookup]),
            shared_files: Some(false),
            retention: Some(Millis(0.0)),
            hot_percent: Some(Percent(20.0)),
        }),
        consistency: Some(Consistency {
            stale_data_cost: Some(StaleCost::Low),
            read_your_writes: Some(false),
            causal: Some(false),
            monotonic_reads: Some(false),
            partition_preference: Some(PartitionPreference::Availability),
        }),
        latency: Some(Latency {
            p99: Some(Millis(500.0)),
        }),
        availability: Some(Availability {
            target: Some(Percent(99.9)),
            planned_downtime: Some(DowntimeTolerance::Minutes),
            rpo: Some(Millis(3_600_000.0)),
            rto: Some(Millis(14_400_000.0)),
        }),
        realtime: Some(Realtime {
            needs: Some(vec![]),
            freshness: Some(Millis(60_000.0)),
            concurrent_connections: None,
        }),
        clients: Some(Clients {
            kinds: Some(vec![ClientKind::Browser]),
            varied_data_needs: Some(false),
            bandwidth_constrained: Some(false),
            any_language: Some(false),
        }),
        background: Some(Background {
            jobs: Some(false),
            long_running: Some(false),
            fan_out: Some(false),
            replay: Some(false),
            stream_processing: Some(false),
            events_per_sec: None,
            fan_out_ratio: Some(Count(1.0)),
        }),
        content: Some(Content {
            static_assets: Some(true),
            media: Some(false),
            global_audience: Some(false),
            personalized: Some(false),
        }),
        team: Some(Team {
            engineers: Some(Count(5.0)),
            teams: Some(Count(1.0)),
            ops_maturity: Some(Level::Medium),
            languages: Some(vec![]),
        }),
        security: Some(Security {
            logins: Some(vec![LoginKind::Password]),
            mfa: Some(false),
            instant_revocation: Some(false),
            authorization: Some(AuthzComplexity::Roles),
            multi_tenant: Some(false),
            compliance: Some(vec![]),
        }),
        limits: Some(Limits {
            per_client_quotas: Some(false),
            exact: Some(false),
            smooth_output: Some(false),
        }),
        operations: Some(Operations {
            platform: Some(Platform::Vms),
            deploy_frequency: Some(DeployFrequency::Weekly),
            duplicate_infra_budget: Some(false),
            monitoring: Some(Level::Medium),
            regions: Some(Count(1.0)),
            risky_changes: Some(false),
            ab_testing: Some(false),
            availability_zones: Some(Count(1.0)),
            services: Some(Count(1.0)),
            cost_sensitivity: Some(Level::Medium),
            cache_memory_budget: Some(Bytes(0.0)),
        }),
        dependencies: Some(Dependencies {
            external: Some(Count(0.0)),
            unreliable: Some(false),
            idempotent: Some(false),
        }),
        decisions: None,
        accept: None,
    }
}
