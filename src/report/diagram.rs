//! The architecture diagram: the components the decisions put in the picture, from the
//! clients through edge, entry, services, cache and messaging to the data tier, each
//! labelled with the chosen options' names. Written as a Mermaid flowchart (Markdown)
//! and laid out as tiers (HTML).
//!
//! This is the one place that knows which option draws which box; what each option
//! is called comes from the rules.

mod data;
mod parts;
use super::context::Ctx;
use crate::facts::FactValue;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Stadium,
    Box,
    Round,
    Hexagon,
    Queue,
    Cylinder,
}

/// Tiers, top to bottom; a node's `tier` indexes this list.
pub const TIERS: [&str; 8] = [
    "Clients",
    "Edge",
    "Entry",
    "Gateway",
    "Services",
    "Cache, state and messaging",
    "Data",
    "Outside the system",
];

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Fixed ASCII id.
    pub id: &'static str,
    /// First line is the component, the rest its settings.
    pub lines: Vec<String>,
    pub shape: Shape,
    pub tier: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub from: &'static str,
    pub to: &'static str,
    pub label: String,
    pub dashed: bool,
    pub both_ways: bool,
}

/// A boundary drawn around some nodes (the compliance scope).
#[derive(Clone, Debug, PartialEq)]
pub struct Boundary {
    pub label: String,
    pub members: Vec<&'static str>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diagram {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub boundary: Option<Boundary>,
}

impl Diagram {
    fn node(&mut self, id: &'static str, tier: usize, shape: Shape, lines: Vec<String>) {
        self.nodes.push(Node {
            id,
            lines: lines.into_iter().filter(|l| !l.is_empty()).collect(),
            shape,
            tier,
        });
    }

    fn edge(&mut self, from: &'static str, to: &'static str, label: impl Into<String>) {
        self.push_edge(from, to, label, false, false);
    }

    fn dashed(&mut self, from: &'static str, to: &'static str, label: impl Into<String>) {
        self.push_edge(from, to, label, true, false);
    }

    fn push_edge(
        &mut self,
        from: &'static str,
        to: &'static str,
        label: impl Into<String>,
        dashed: bool,
        both_ways: bool,
    ) {
        self.edges.push(Edge {
            from,
            to,
            label: label.into(),
            dashed,
            both_ways,
        });
    }

    pub fn has(&self, id: &str) -> bool {
        self.nodes.iter().any(|n| n.id == id)
    }

    pub fn name_of(&self, id: &str) -> String {
        self.nodes
            .iter()
            .find(|n| n.id == id)
            .and_then(|n| n.lines.first().cloned())
            .unwrap_or_else(|| id.to_string())
    }

    /// Nodes grouped by tier, tiers in order, empty tiers left out.
    pub fn tiers(&self) -> Vec<(&'static str, Vec<&Node>)> {
        TIERS
            .iter()
            .enumerate()
            .map(|(i, name)| (*name, self.nodes.iter().filter(|n| n.tier == i).collect()))
            .filter(|(_, nodes): &(&str, Vec<&Node>)| !nodes.is_empty())
            .collect()
    }

    /// The Mermaid flowchart source, one statement per line, ending in a newline.
    pub fn mermaid(&self) -> String {
        let mut o = String::from("flowchart TD\n");
        let inside = |n: &Node| {
            self.boundary
                .as_ref()
                .is_some_and(|b| b.members.contains(&n.id))
        };
        let statement = |n: &Node, indent: &str| {
            let label = n
                .lines
                .iter()
                .map(|l| mermaid_text(l))
                .collect::<Vec<_>>()
                .join("<br/>");
            let (open, close) = match n.shape {
                Shape::Stadium => ("([", "])"),
                Shape::Box => ("[", "]"),
                Shape::Round => ("(", ")"),
                Shape::Hexagon => ("{{", "}}"),
                Shape::Queue => ("[[", "]]"),
                Shape::Cylinder => ("[(", ")]"),
            };
            format!("{indent}{}{open}\"{label}\"{close}\n", n.id)
        };
        // Nodes in order; the boundary's members together, where the first of them stands.
        let mut placed = false;
        for n in &self.nodes {
            if !inside(n) {
                o.push_str(&statement(n, "  "));
            } else if !placed {
                placed = true;
                if let Some(b) = &self.boundary {
                    o.push_str(&format!(
                        "  subgraph scope[\"{}\"]\n",
                        mermaid_text(&b.label)
                    ));
                }
                for m in self.nodes.iter().filter(|m| inside(m)) {
                    o.push_str(&statement(m, "    "));
                }
                o.push_str("  end\n");
            }
        }
        for e in &self.edges {
            let arrow = match (e.dashed, e.both_ways) {
                (false, false) => "-->",
                (true, false) => "-.->",
                (false, true) => "<-->",
                (true, true) => "<-.->",
            };
            if e.label.is_empty() {
                o.push_str(&format!("  {} {arrow} {}\n", e.from, e.to));
            } else {
                o.push_str(&format!(
                    "  {} {arrow}|\"{}\"| {}\n",
                    e.from,
                    mermaid_text(&e.label),
                    e.to
                ));
            }
        }
        o
    }
}

/// Text inside a quoted Mermaid label: quotes, markup and entity starts become Mermaid
/// entity codes, so no label can end the string or inject HTML; `%` too, so no label
/// can hold a `%%{init: …}%%` directive (Mermaid honours those anywhere in the source).
pub fn mermaid_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            '%' => out.push_str("#37;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if crate::text::is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    out
}

fn all_chosen(ctx: &Ctx, topic: &str, skip: &str) -> Vec<String> {
    ctx.decision(topic)
        .map(|d| {
            std::iter::once(d.choice.clone())
                .chain(d.also.iter().cloned())
                .filter(|o| o != skip)
                .map(|o| ctx.option_name(topic, &o))
                .collect()
        })
        .unwrap_or_default()
}

fn setting(name: &str, values: Vec<String>) -> String {
    if values.is_empty() {
        String::new()
    } else {
        format!("{name}: {}", values.join(" + "))
    }
}

fn num(ctx: &Ctx, fact: &str) -> f64 {
    ctx.facts
        .get(fact)
        .and_then(FactValue::as_num)
        .unwrap_or(0.0)
}

/// A capacity-plan line's value now and in three years.
fn plan(ctx: &Ctx, id: &str) -> (f64, f64) {
    ctx.a
        .capacity
        .iter()
        .find(|l| l.id == id)
        .map_or((0.0, 0.0), |l| (l.now, l.in_3y))
}

/// Whether the cache holds a hot set of the data (cache-aside or write-through), as the
/// capacity plan sizes it, rather than only buffering writes.
fn hot_set(ctx: &Ctx) -> bool {
    ctx.has("caching", "cache-aside") || ctx.has("caching", "write-through")
}

fn count(n: f64) -> String {
    crate::quantity::show_count(n)
}

/// The architecture the decisions describe. Components appear only where a decision puts
/// them; authentication and rate limiting sit where traffic entry places them; the data
/// tier is labelled with the consistency each copy gives; third parties sit outside the
/// compliance boundary.
pub fn build(ctx: &Ctx) -> Diagram {
    let mut d = Diagram::default();
    let kinds = match ctx.facts.get("clients.kinds") {
        Some(FactValue::List(l)) if !l.is_empty() => l.join(", "),
        _ => String::new(),
    };
    d.node("clients", 0, Shape::Stadium, vec!["Clients".into(), kinds]);

    // Edge: a CDN takes static assets and media; edge computing takes all traffic.
    let mut front = "clients";
    if ctx.has("edge", "cdn") {
        let media = ctx.facts.get("content.media") == Some(&FactValue::Bool(true));
        let what = if media {
            "static assets and media"
        } else {
            "static assets"
        };
        d.node("cdn", 1, Shape::Hexagon, vec!["CDN".into(), what.into()]);
        d.edge("clients", "cdn", "");
    }
    if ctx.has("edge", "edge-computing") {
        d.node("edge", 1, Shape::Hexagon, vec!["Edge functions".into()]);
        d.edge(front, "edge", "");
        front = "edge";
    }

    // Entry: authentication and rate limiting run where traffic entry puts them: the API
    // gateway when there is one, otherwise the application (a load balancer only spreads
    // requests and terminates TLS).
    let limits = setting("rate limits", all_chosen(ctx, "rate-limiting", "none"));
    let auth = setting("sign-in", all_chosen(ctx, "authentication", ""));
    let gateway = ctx.has("traffic-entry", "api-gateway");
    let mut entry: Vec<&'static str> = Vec::new();
    if ctx.has("traffic-entry", "load-balancer") {
        d.node(
            "lb",
            2,
            Shape::Box,
            vec!["Load balancer".into(), "TLS, health checks".into()],
        );
        entry.push("lb");
    }
    if gateway {
        d.node(
            "gateway",
            3,
            Shape::Box,
            vec!["API gateway".into(), auth.clone(), limits.clone()],
        );
        entry.push("gateway");
    }
    let protocol = all_chosen(ctx, "api-protocol", "").join(" + ");

    // Services, with their instance count from the capacity plan.
    let architecture = ctx
        .decision("architecture")
        .map_or_else(|| "Application".to_string(), |x| x.choice_name.clone());
    let (now, later) = plan(ctx, "app-instances");
    let spread = match ctx.decision("redundancy").map(|d| d.choice.as_str()) {
        Some("multi-zone") => " across zones",
        Some("multi-region-active-passive") => " + a standby region",
        Some("multi-region-active-active") => " in several regions",
        _ => "",
    };
    let instances = if ctx.choice("scaling") == "vertical" {
        format!("one server, scaled up{spread}")
    } else {
        format!(
            "{} instances now, {} in 3 years{spread}",
            count(now),
            count(later)
        )
    };
    let mut lines = vec![architecture, instances];
    if !gateway {
        lines.push(auth);
        lines.push(limits);
    }
    lines.push(setting("permissions", all_chosen(ctx, "authorization", "")));
    d.node("app", 4, Shape::Box, lines);
    let mut from = front;
    for (i, e) in entry.iter().enumerate() {
        d.edge(from, e, if i == 0 { protocol.as_str() } else { "" });
        from = e;
    }
    d.edge(
        from,
        "app",
        if entry.is_empty() {
            protocol.as_str()
        } else {
            ""
        },
    );
    let door = entry.first().copied().unwrap_or("app");

    // A registry only where several services find each other.
    let discovery = all_chosen(ctx, "service-discovery", "none");
    if !discovery.is_empty() && ctx.choice("architecture") == "microservices" {
        d.node(
            "registry",
            4,
            Shape::Round,
            vec!["Service discovery".into(), discovery.join(" + ")],
        );
        d.dashed("app", "registry", "");
    }

    // Real-time delivery to clients.
    for id in ["polling", "long-polling", "sse", "websockets"] {
        if ctx.has("realtime", id) {
            let name = ctx.option_name("realtime", id);
            d.push_edge("clients", door, name, true, id == "websockets");
        }
    }

    // Cache, state and messaging.
    if ctx.choice("caching") != "none" && ctx.decision("caching").is_some() {
        let names = all_chosen(ctx, "caching", "none");
        let fresh = if ctx.has("caching", "write-behind") {
            "writes reach the database later"
        } else if ctx.choice("caching") == "write-through" {
            "updated on every write"
        } else {
            "stale until invalidated"
        };
        let (nodes, memory) = if parts::drawn(ctx) {
            parts::cache_size(ctx)
        } else {
            (
                num(ctx, "derived.cache_nodes"),
                num(ctx, "derived.cache_memory"),
            )
        };
        let plural = if nodes == 1.0 { "" } else { "s" };
        // A write-behind cache alone is a write buffer: no hot set to size.
        let size = if memory > 0.0 && hot_set(ctx) {
            format!(
                "{} node{plural}, {} hot set",
                count(nodes),
                crate::quantity::show_bytes(memory)
            )
        } else {
            "a write buffer, sized by the write rate".to_string()
        };
        d.node(
            "cache",
            5,
            Shape::Round,
            vec![format!("Cache: {}", names.join(" + ")), fresh.into(), size],
        );
        d.edge("app", "cache", "");
    }
    if ctx.has("service-state", "stateless-external-state") {
        d.node(
            "state",
            5,
            Shape::Round,
            vec!["Session store".into(), "sessions, carts".into()],
        );
        d.edge("app", "state", "");
    }
    let outbox = ctx.has("data-integrity", "transactional-outbox");
    let publish = if outbox {
        "async, via an outbox"
    } else {
        "async"
    };
    if ctx.has("messaging", "message-queue") {
        d.node("queue", 5, Shape::Queue, vec!["Message queue".into()]);
        d.edge("app", "queue", publish);
    }
    if ctx.has("messaging", "event-streaming") {
        let partitions = format!(
            "{} partitions in 3 years",
            count(num(ctx, "derived.partitions"))
        );
        d.node(
            "stream",
            5,
            Shape::Queue,
            vec!["Event stream".into(), partitions],
        );
        d.edge(
            "app",
            "stream",
            if outbox {
                "events, via an outbox"
            } else {
                "events"
            },
        );
    }
    if d.has("queue") || d.has("stream") {
        d.node(
            "workers",
            4,
            Shape::Box,
            vec!["Workers and consumers".into()],
        );
        for id in ["queue", "stream"] {
            if d.has(id) {
                d.edge(id, "workers", "");
            }
        }
    }

    // Data, labelled with the consistency each copy gives: one database per part of a
    // system with components, else the system's.
    if parts::drawn(ctx) {
        parts::data_layer(ctx, &mut d);
    } else {
        data::single_database(ctx, &mut d);
    }
    data::storage(ctx, &mut d);
    outside(ctx, &mut d);
    d
}

/// Third parties outside the system, and the compliance boundary.
fn outside(ctx: &Ctx, d: &mut Diagram) {
    // Outside the system: third parties.
    if ctx.has("realtime", "push-notifications") {
        d.node(
            "push",
            7,
            Shape::Round,
            vec!["Push services".into(), "APNs, FCM: to devices".into()],
        );
        d.edge("app", "push", "notifications");
    }
    if ctx.has("realtime", "webhooks") {
        let name = ctx.option_name("realtime", "webhooks");
        d.node("hooks", 7, Shape::Box, vec!["Third-party systems".into()]);
        d.edge("app", "hooks", name);
    }
    let external = num(ctx, "dependencies.external");
    if external > 0.0 {
        let compliance = match ctx.facts.get("security.compliance") {
            Some(FactValue::List(l)) => l.clone(),
            _ => Vec::new(),
        };
        let mut lines = vec![format!("External services ({})", count(external))];
        if compliance.iter().any(|c| c == "pci-dss") {
            lines.push("incl. the payment provider".into());
        }
        let mut traits = Vec::new();
        if ctx.facts.get("dependencies.unreliable") == Some(&FactValue::Bool(true)) {
            traits.push("flaky at times");
        }
        if ctx.facts.get("dependencies.idempotent") == Some(&FactValue::Bool(false)) {
            traits.push("calls not idempotent");
        }
        if !traits.is_empty() {
            lines.push(traits.join(", "));
        }
        d.node("ext", 7, Shape::Box, lines);
        let mut guard = all_chosen(ctx, "resilience", "");
        if ctx.has("data-integrity", "idempotency-keys") {
            guard.push("idempotency keys".into());
        }
        d.edge("app", "ext", guard.join(" + "));
    }

    // The compliance boundary: everything that is ours, from the entry to the data.
    if let Some(FactValue::List(regimes)) = ctx.facts.get("security.compliance") {
        if !regimes.is_empty() {
            let names: Vec<String> = regimes.iter().map(|r| regime(r)).collect();
            let members = d
                .nodes
                .iter()
                .filter(|n| (2..=6).contains(&n.tier))
                .map(|n| n.id)
                .collect();
            d.boundary = Some(Boundary {
                label: format!("{} scope", names.join(", ")),
                members,
            });
        }
    }
}

fn regime(id: &str) -> String {
    match id {
        "pci-dss" => "PCI DSS".into(),
        "gdpr" => "GDPR".into(),
        "hipaa" => "HIPAA".into(),
        "soc2" => "SOC 2".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_cannot_close_their_quotes() {
        assert_eq!(
            mermaid_text("a\"b<c>#d&`"),
            "a#quot;b#lt;c#gt;#35;d#amp;#96;"
        );
        assert_eq!(
            mermaid_text("%%{init: {'theme':'dark'}}%%\u{1b}"),
            "#37;#37;{init: {'theme':'dark'}}#37;#37;"
        );
    }
}
