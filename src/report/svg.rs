//! The architecture diagram as inline SVG, for the HTML report: a small layered
//! (Sugiyama-style) layout of the same `Diagram` the Mermaid text is written from.
//!
//! Hand-written rather than a crate: the ranks are given (each node's tier), a diagram
//! has about twenty nodes, and the output must be byte-for-byte deterministic, free of
//! scripts and escaped by the report's own escaper. The layout crates (`layout-rs`,
//! `rust-sugiyama`) assign ranks from the edges themselves (the push edge points back up
//! to the clients, so tiers would be lost), bring a graph library or their own SVG
//! writer, and would add dependencies for what is here a few hundred lines: long edges
//! get a virtual point per layer they cross, layers are ordered by barycentres to cut
//! crossings, and items are pulled towards their neighbours without overlapping.

use super::diagram::{Diagram, Shape};
use super::html::esc;

const CHAR_W: f64 = 6.9;
const LABEL_CHAR_W: f64 = 6.1;
const LINE_H: f64 = 16.0;
const PAD_X: f64 = 12.0;
const PAD_Y: f64 = 9.0;
const GAP_X: f64 = 30.0;
const GAP_Y: f64 = 70.0;
const DUMMY_W: f64 = 14.0;
const MARGIN: f64 = 16.0;
const BOUNDARY_PAD: f64 = 14.0;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Item {
    Node(usize),
    /// A long edge's virtual point in a layer it crosses: (edge index, layer).
    Dummy(usize, usize),
}

/// An edge as laid out: its items from the upper layer to the lower one.
struct Chain {
    edge: usize,
    items: Vec<Item>,
    /// The edge points up (drawn from the lower end to the upper one).
    reversed: bool,
}

struct Layout {
    /// Each node's text, wrapped.
    text: Vec<Vec<String>>,
    layers: Vec<Vec<Item>>,
    /// Centre x of every node and dummy.
    node_x: Vec<f64>,
    dummy_x: Vec<Vec<f64>>,
    widths: Vec<f64>,
    heights: Vec<f64>,
    layer_y: Vec<f64>,
    layer_h: Vec<f64>,
    rank: Vec<usize>,
}

/// Lines longer than this many characters are wrapped at spaces.
const WRAP: usize = 44;

fn wrap(line: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in line.split(' ') {
        if !cur.is_empty() && cur.chars().count() + 1 + word.chars().count() > WRAP {
            out.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    out.push(cur);
    out
}

fn text_width(s: &str, per: f64) -> f64 {
    s.chars().count() as f64 * per
}

fn f(v: f64) -> String {
    // One decimal, no "-0.0".
    let r = (v * 10.0).round() / 10.0;
    let r = if r == 0.0 { 0.0 } else { r };
    format!("{r:.1}")
}

impl Layout {
    fn x(&self, it: Item) -> f64 {
        match it {
            Item::Node(n) => self.node_x[n],
            Item::Dummy(e, l) => self.dummy_x[e][l],
        }
    }

    fn set_x(&mut self, it: Item, v: f64) {
        match it {
            Item::Node(n) => self.node_x[n] = v,
            Item::Dummy(e, l) => self.dummy_x[e][l] = v,
        }
    }

    fn width(&self, it: Item) -> f64 {
        match it {
            Item::Node(n) => self.widths[n],
            Item::Dummy(..) => DUMMY_W,
        }
    }
}

fn index_of(d: &Diagram, id: &str) -> Option<usize> {
    d.nodes.iter().position(|n| n.id == id)
}

/// Ranks: tiers in use, numbered from 0 without gaps.
fn ranks(d: &Diagram) -> (Vec<usize>, usize) {
    let mut tiers: Vec<usize> = d.nodes.iter().map(|n| n.tier).collect();
    tiers.sort_unstable();
    tiers.dedup();
    let rank = d
        .nodes
        .iter()
        .map(|n| tiers.iter().position(|t| *t == n.tier).unwrap_or(0))
        .collect();
    (rank, tiers.len())
}

fn chains(d: &Diagram, rank: &[usize]) -> Vec<Chain> {
    let mut out = Vec::new();
    for (i, e) in d.edges.iter().enumerate() {
        let (Some(a), Some(b)) = (index_of(d, e.from), index_of(d, e.to)) else {
            continue;
        };
        let (top, bottom, reversed) = if rank[a] <= rank[b] {
            (a, b, false)
        } else {
            (b, a, true)
        };
        let mut items = vec![Item::Node(top)];
        for l in rank[top] + 1..rank[bottom] {
            items.push(Item::Dummy(i, l));
        }
        items.push(Item::Node(bottom));
        out.push(Chain {
            edge: i,
            items,
            reversed,
        });
    }
    out
}

/// Pairs of items in consecutive layers joined by a segment of some edge.
fn segments(chains: &[Chain], rank: &[usize]) -> Vec<(Item, Item)> {
    let mut out = Vec::new();
    for c in chains {
        if let (Item::Node(a), Item::Node(b)) = (c.items[0], c.items[c.items.len() - 1]) {
            if rank[a] == rank[b] {
                continue;
            }
        }
        for w in c.items.windows(2) {
            out.push((w[0], w[1]));
        }
    }
    out
}

fn layout(d: &Diagram) -> (Layout, Vec<Chain>) {
    let (rank, count) = ranks(d);
    let chains = chains(d, &rank);
    let mut layers: Vec<Vec<Item>> = vec![Vec::new(); count];
    for (i, r) in rank.iter().enumerate() {
        layers[*r].push(Item::Node(i));
    }
    for c in &chains {
        for it in &c.items {
            if let Item::Dummy(_, l) = it {
                layers[*l].push(*it);
            }
        }
    }
    let segs = segments(&chains, &rank);
    let text: Vec<Vec<String>> = d
        .nodes
        .iter()
        .map(|n| n.lines.iter().flat_map(|l| wrap(l)).collect())
        .collect();
    let widths: Vec<f64> = d
        .nodes
        .iter()
        .zip(&text)
        .map(|(n, lines)| {
            let first = n.lines.first().map_or(0, |l| wrap(l).len());
            let text = lines
                .iter()
                .enumerate()
                .map(|(i, l)| text_width(l, if i < first { CHAR_W + 0.4 } else { CHAR_W }))
                .fold(0.0, f64::max);
            text + 2.0 * PAD_X + if n.shape == Shape::Hexagon { 24.0 } else { 0.0 }
        })
        .collect();
    let heights: Vec<f64> = d
        .nodes
        .iter()
        .zip(&text)
        .map(|(n, lines)| {
            let extra = if n.shape == Shape::Cylinder {
                10.0
            } else {
                0.0
            };
            lines.len().max(1) as f64 * LINE_H + 2.0 * PAD_Y + extra
        })
        .collect();

    // Order each layer by the barycentre of its neighbours, sweeping down and up.
    let position = |layers: &Vec<Vec<Item>>, it: Item, l: usize| {
        layers[l].iter().position(|x| *x == it).unwrap_or(0) as f64
    };
    let layer_of = |it: Item| match it {
        Item::Node(n) => rank[n],
        Item::Dummy(_, l) => l,
    };
    for _ in 0..4 {
        for down in [true, false] {
            let order: Vec<usize> = if down {
                (1..count).collect()
            } else {
                (0..count.saturating_sub(1)).rev().collect()
            };
            for l in order {
                let other = if down { l - 1 } else { l + 1 };
                let mut keyed: Vec<(f64, usize, Item)> = layers[l]
                    .iter()
                    .enumerate()
                    .map(|(i, it)| {
                        let near: Vec<f64> = segs
                            .iter()
                            .filter_map(|(a, b)| {
                                if a == it && layer_of(*b) == other {
                                    Some(position(&layers, *b, other))
                                } else if b == it && layer_of(*a) == other {
                                    Some(position(&layers, *a, other))
                                } else {
                                    None
                                }
                            })
                            .collect();
                        let bary = if near.is_empty() {
                            i as f64
                        } else {
                            near.iter().sum::<f64>() / near.len() as f64
                        };
                        (bary, i, *it)
                    })
                    .collect();
                keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                layers[l] = keyed.into_iter().map(|k| k.2).collect();
            }
        }
    }

    // A node joined only to a neighbour in its own layer (a standby, a registry) sits
    // right beside it.
    for e in &d.edges {
        let (Some(a), Some(b)) = (index_of(d, e.from), index_of(d, e.to)) else {
            continue;
        };
        if rank[a] != rank[b] {
            continue;
        }
        let free = |n: usize| {
            !segs
                .iter()
                .any(|(x, y)| *x == Item::Node(n) || *y == Item::Node(n))
        };
        let (anchor, moved) = if free(b) {
            (a, b)
        } else if free(a) {
            (b, a)
        } else {
            continue;
        };
        let layer = &mut layers[rank[a]];
        layer.retain(|x| *x != Item::Node(moved));
        let at = layer
            .iter()
            .position(|x| *x == Item::Node(anchor))
            .map_or(layer.len(), |p| p + 1);
        layer.insert(at, Item::Node(moved));
    }

    // Room between neighbours: wider where a labelled edge runs between them.
    let mut between: std::collections::BTreeMap<(usize, usize), f64> = Default::default();
    for e in &d.edges {
        if let (Some(a), Some(b)) = (index_of(d, e.from), index_of(d, e.to)) {
            if rank[a] == rank[b] && !e.label.is_empty() {
                let room = text_width(&e.label, LABEL_CHAR_W) + 24.0;
                between.insert((a.min(b), a.max(b)), room.max(GAP_X));
            }
        }
    }
    let gap = |x: Item, y: Item| match (x, y) {
        (Item::Node(a), Item::Node(b)) => {
            between.get(&(a.min(b), a.max(b))).copied().unwrap_or(GAP_X)
        }
        _ => GAP_X,
    };

    let mut lay = Layout {
        text,
        node_x: vec![0.0; d.nodes.len()],
        dummy_x: vec![vec![0.0; count]; d.edges.len()],
        widths,
        heights,
        layer_y: vec![0.0; count],
        layer_h: vec![0.0; count],
        rank: rank.clone(),
        layers,
    };
    // Start packed and centred, then pull items towards their neighbours.
    let span = |lay: &Layout, l: usize| {
        let items = &lay.layers[l];
        items.iter().map(|it| lay.width(*it)).sum::<f64>()
            + items.windows(2).map(|w| gap(w[0], w[1])).sum::<f64>()
    };
    let widest = (0..count).map(|l| span(&lay, l)).fold(0.0, f64::max);
    for l in 0..count {
        let mut x = (widest - span(&lay, l)) / 2.0;
        let items = lay.layers[l].clone();
        for (i, it) in items.iter().enumerate() {
            let w = lay.width(*it);
            lay.set_x(*it, x + w / 2.0);
            x += w + items.get(i + 1).map_or(0.0, |next| gap(*it, *next));
        }
    }
    for _ in 0..6 {
        for l in 0..count {
            let items = lay.layers[l].clone();
            let targets: Vec<f64> = items
                .iter()
                .map(|it| {
                    let near: Vec<f64> = segs
                        .iter()
                        .filter_map(|(a, b)| {
                            if a == it {
                                Some(lay.x(*b))
                            } else if b == it {
                                Some(lay.x(*a))
                            } else {
                                None
                            }
                        })
                        .collect();
                    if near.is_empty() {
                        lay.x(*it)
                    } else {
                        near.iter().sum::<f64>() / near.len() as f64
                    }
                })
                .collect();
            // Keep the order and the gaps: push right where needed, then shift the layer
            // so that on average it sits where its items want to be.
            let mut xs = targets.clone();
            for i in 1..items.len() {
                let min = xs[i - 1]
                    + (lay.width(items[i - 1]) + lay.width(items[i])) / 2.0
                    + gap(items[i - 1], items[i]);
                if xs[i] < min {
                    xs[i] = min;
                }
            }
            let shift = targets.iter().zip(&xs).map(|(t, x)| t - x).sum::<f64>()
                / items.len().max(1) as f64;
            for (it, x) in items.iter().zip(xs) {
                lay.set_x(*it, x + shift);
            }
        }
    }
    // Vertical placement.
    let mut y = 0.0;
    for l in 0..count {
        let h = lay.layers[l]
            .iter()
            .filter_map(|it| match it {
                Item::Node(n) => Some(lay.heights[*n]),
                Item::Dummy(..) => None,
            })
            .fold(0.0, f64::max);
        lay.layer_y[l] = y;
        lay.layer_h[l] = h;
        y += h + GAP_Y;
    }
    (lay, chains)
}

fn node_shape(shape: Shape, x: f64, y: f64, w: f64, h: f64) -> String {
    let (l, t) = (x - w / 2.0, y);
    match shape {
        Shape::Box | Shape::Queue => {
            let mut s = format!(
                "<rect class=\"n\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\"/>",
                f(l),
                f(t),
                f(w),
                f(h)
            );
            if shape == Shape::Queue {
                for dx in [6.0, w - 6.0] {
                    s.push_str(&format!(
                        "<path class=\"e\" d=\"M{} {}V{}\"/>",
                        f(l + dx),
                        f(t),
                        f(t + h)
                    ));
                }
            }
            s
        }
        Shape::Round | Shape::Stadium => {
            let r = if shape == Shape::Stadium {
                h / 2.0
            } else {
                12.0
            };
            format!(
                "<rect class=\"n\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"/>",
                f(l),
                f(t),
                f(w),
                f(h),
                f(r)
            )
        }
        Shape::Hexagon => {
            let k = 12.0;
            format!(
                "<path class=\"n\" d=\"M{} {}H{}L{} {}L{} {}H{}L{} {}Z\"/>",
                f(l + k),
                f(t),
                f(l + w - k),
                f(l + w),
                f(t + h / 2.0),
                f(l + w - k),
                f(t + h),
                f(l + k),
                f(l),
                f(t + h / 2.0)
            )
        }
        Shape::Cylinder => {
            let e = 6.0;
            format!(
                "<path class=\"n\" d=\"M{l0} {t0}A{rx} {e} 0 0 1 {r0} {t0}V{b0}A{rx} {e} 0 0 1 {l0} {b0}Z\"/><path class=\"e\" d=\"M{l0} {t0}A{rx} {e} 0 0 0 {r0} {t0}\"/>",
                l0 = f(l),
                t0 = f(t + e),
                r0 = f(l + w),
                b0 = f(t + h - e),
                rx = f(w / 2.0),
                e = f(e)
            )
        }
    }
}

/// An arrow head: its tip and the direction it points.
type Head = (f64, f64, f64, f64);

fn arrow_head(x: f64, y: f64, dx: f64, dy: f64) -> String {
    // A triangle with its tip at (x, y), pointing along (dx, dy).
    let len = (dx * dx + dy * dy).sqrt().max(1e-9);
    let (ux, uy) = (dx / len, dy / len);
    let (bx, by) = (x - ux * 8.0, y - uy * 8.0);
    let (px, py) = (-uy * 4.0, ux * 4.0);
    format!(
        "<path class=\"a\" d=\"M{} {}L{} {}L{} {}Z\"/>",
        f(x),
        f(y),
        f(bx + px),
        f(by + py),
        f(bx - px),
        f(by - py)
    )
}

/// The diagram as an `<svg>` element (no scripts, no external references).
pub fn render(d: &Diagram, title: &str) -> String {
    if d.nodes.is_empty() {
        return String::new();
    }
    let (lay, chains) = layout(d);
    let top =
        |n: usize| lay.layer_y[lay.rank[n]] + (lay.layer_h[lay.rank[n]] - lay.heights[n]) / 2.0;
    let bottom = |n: usize| top(n) + lay.heights[n];

    // Ports: edges leaving a node's top or bottom spread along that side, ordered by
    // where their other end is.
    let mut ports: std::collections::BTreeMap<(usize, bool, usize), f64> = Default::default();
    let mut sides: std::collections::BTreeMap<(usize, bool), Vec<(f64, usize)>> =
        Default::default();
    for c in &chains {
        let (Item::Node(a), Item::Node(b)) = (c.items[0], c.items[c.items.len() - 1]) else {
            continue;
        };
        if lay.rank[a] == lay.rank[b] {
            continue;
        }
        sides
            .entry((a, true))
            .or_default()
            .push((lay.x(c.items[1]), c.edge));
        sides
            .entry((b, false))
            .or_default()
            .push((lay.x(c.items[c.items.len() - 2]), c.edge));
    }
    for ((n, low), mut list) in sides {
        list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let w = lay.widths[n] * 0.7;
        let k = list.len() as f64;
        for (i, (_, e)) in list.iter().enumerate() {
            let x = lay.node_x[n] - w / 2.0 + w * (i as f64 + 1.0) / (k + 1.0);
            ports.insert((n, low, *e), x);
        }
    }

    let mut edges = String::new();
    let mut labels = String::new();
    for c in &chains {
        let e = &d.edges[c.edge];
        let class = if e.dashed { "e d" } else { "e" };
        let (Item::Node(a), Item::Node(b)) = (c.items[0], c.items[c.items.len() - 1]) else {
            continue;
        };
        let mut points: Vec<(f64, f64)> = Vec::new();
        let path;
        let label_at: (f64, f64);
        let heads: Vec<Head>;
        if lay.rank[a] == lay.rank[b] {
            // Same layer: side to side when neighbours, otherwise a loop below.
            let (l, r) = if lay.node_x[a] <= lay.node_x[b] {
                (a, b)
            } else {
                (b, a)
            };
            let layer = &lay.layers[lay.rank[a]];
            let pa = layer.iter().position(|x| *x == Item::Node(l)).unwrap_or(0);
            let pb = layer.iter().position(|x| *x == Item::Node(r)).unwrap_or(0);
            if pb == pa + 1 {
                let y = top(l) + lay.heights[l].min(lay.heights[r]) / 2.0;
                let x1 = lay.node_x[l] + lay.widths[l] / 2.0;
                let x2 = lay.node_x[r] - lay.widths[r] / 2.0;
                path = format!("M{} {}H{}", f(x1), f(y), f(x2));
                label_at = ((x1 + x2) / 2.0, y - 8.0);
                let (from_left, to) = (l == a, (x2, y));
                let tip = if from_left { to } else { (x1, y) };
                let dir = if from_left { 1.0 } else { -1.0 };
                let mut h = vec![(tip.0, tip.1, dir, 0.0)];
                if e.both_ways {
                    let back = if from_left { (x1, y) } else { (x2, y) };
                    h.push((back.0, back.1, -dir, 0.0));
                }
                heads = h;
            } else {
                let (x1, y1) = (lay.node_x[a], bottom(a));
                let (x2, y2) = (lay.node_x[b], bottom(b));
                let dip = y1.max(y2) + GAP_Y * 0.45;
                path = format!(
                    "M{} {}C{} {} {} {} {} {}",
                    f(x1),
                    f(y1),
                    f(x1),
                    f(dip),
                    f(x2),
                    f(dip),
                    f(x2),
                    f(y2)
                );
                label_at = ((x1 + x2) / 2.0, dip - 4.0);
                let mut h = vec![(x2, y2, 0.0, -1.0)];
                if e.both_ways {
                    h.push((x1, y1, 0.0, -1.0));
                }
                heads = h;
            }
        } else {
            let start = ports
                .get(&(a, true, c.edge))
                .copied()
                .unwrap_or(lay.node_x[a]);
            let end = ports
                .get(&(b, false, c.edge))
                .copied()
                .unwrap_or(lay.node_x[b]);
            points.push((start, bottom(a)));
            for it in &c.items[1..c.items.len() - 1] {
                if let Item::Dummy(_, l) = it {
                    let x = lay.x(*it);
                    points.push((x, lay.layer_y[*l]));
                    points.push((x, lay.layer_y[*l] + lay.layer_h[*l]));
                }
            }
            points.push((end, top(b)));
            let mut p = format!("M{} {}", f(points[0].0), f(points[0].1));
            for (i, w) in points.windows(2).enumerate() {
                let ((x1, y1), (x2, y2)) = (w[0], w[1]);
                if i % 2 == 1 {
                    // Through a layer: straight down.
                    p.push_str(&format!("V{}", f(y2)));
                } else {
                    let my = (y1 + y2) / 2.0;
                    p.push_str(&format!(
                        "C{} {} {} {} {} {}",
                        f(x1),
                        f(my),
                        f(x2),
                        f(my),
                        f(x2),
                        f(y2)
                    ));
                }
            }
            path = p;
            // The label sits on the first gap (or the last, for an edge drawn upwards).
            let (p1, p2) = if c.reversed {
                (points[points.len() - 2], points[points.len() - 1])
            } else {
                (points[0], points[1])
            };
            label_at = ((p1.0 + p2.0) / 2.0, (p1.1 + p2.1) / 2.0);
            let last = points[points.len() - 1];
            let first = points[0];
            let mut h = Vec::new();
            if !c.reversed || e.both_ways {
                h.push((last.0, last.1, 0.0, 1.0));
            }
            if c.reversed || e.both_ways {
                h.push((first.0, first.1, 0.0, -1.0));
            }
            heads = h;
        }
        edges.push_str(&format!("<path class=\"{class}\" d=\"{path}\"/>"));
        for (x, y, dx, dy) in heads {
            edges.push_str(&arrow_head(x, y, dx, dy));
        }
        edges.push('\n');
        if !e.label.is_empty() {
            let w = text_width(&e.label, LABEL_CHAR_W) + 8.0;
            labels.push_str(&format!(
                "<rect class=\"l\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"15\" rx=\"2\"/><text class=\"t\" x=\"{}\" y=\"{}\">{}</text>\n",
                f(label_at.0 - w / 2.0),
                f(label_at.1 - 8.5),
                f(w),
                f(label_at.0),
                f(label_at.1 + 3.5),
                esc(&e.label)
            ));
        }
    }

    let mut nodes = String::new();
    for (i, n) in d.nodes.iter().enumerate() {
        let (x, y, w, h) = (lay.node_x[i], top(i), lay.widths[i], lay.heights[i]);
        nodes.push_str(&node_shape(n.shape, x, y, w, h));
        let extra = if n.shape == Shape::Cylinder { 5.0 } else { 0.0 };
        let first = n.lines.first().map_or(0, |l| wrap(l).len());
        for (k, line) in lay.text[i].iter().enumerate() {
            let class = if k < first { " class=\"h\"" } else { "" };
            nodes.push_str(&format!(
                "<text{class} x=\"{}\" y=\"{}\">{}</text>",
                f(x),
                f(y + PAD_Y + extra + LINE_H * (k as f64 + 1.0) - 4.0),
                esc(line)
            ));
        }
        nodes.push('\n');
    }

    // The boundary around its members, and the extent of the drawing.
    let mut min_x = f64::MAX;
    let mut max_x = f64::MIN;
    for (i, _) in d.nodes.iter().enumerate() {
        min_x = min_x.min(lay.node_x[i] - lay.widths[i] / 2.0);
        max_x = max_x.max(lay.node_x[i] + lay.widths[i] / 2.0);
    }
    for c in &chains {
        for it in &c.items {
            if let Item::Dummy(..) = it {
                min_x = min_x.min(lay.x(*it) - DUMMY_W);
                max_x = max_x.max(lay.x(*it) + DUMMY_W);
            }
        }
    }
    let mut boundary = String::new();
    if let Some(b) = &d.boundary {
        let members: Vec<usize> = (0..d.nodes.len())
            .filter(|i| b.members.contains(&d.nodes[*i].id))
            .collect();
        if !members.is_empty() {
            let l = members
                .iter()
                .map(|i| lay.node_x[*i] - lay.widths[*i] / 2.0)
                .fold(f64::MAX, f64::min)
                - BOUNDARY_PAD;
            let r = members
                .iter()
                .map(|i| lay.node_x[*i] + lay.widths[*i] / 2.0)
                .fold(f64::MIN, f64::max)
                + BOUNDARY_PAD;
            let t = members.iter().map(|i| top(*i)).fold(f64::MAX, f64::min) - 26.0;
            let bt = members.iter().map(|i| bottom(*i)).fold(f64::MIN, f64::max) + BOUNDARY_PAD;
            min_x = min_x.min(l);
            max_x = max_x.max(r.max(l + text_width(&b.label, LABEL_CHAR_W) + 20.0));
            boundary = format!(
                "<rect class=\"b\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\"/><text class=\"bt\" x=\"{}\" y=\"{}\">{}</text>\n",
                f(l),
                f(t),
                f(r - l),
                f(bt - t),
                f(l + 10.0),
                f(t + 16.0),
                esc(&b.label)
            );
        }
    }
    let last = lay.layer_y.len() - 1;
    let height = lay.layer_y[last] + lay.layer_h[last] + 2.0 * MARGIN;
    let width = max_x - min_x + 2.0 * MARGIN;
    let dx = MARGIN - min_x;
    format!(
        "<svg class=\"dg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{title}\">\n<title>{title}</title>\n<g transform=\"translate({dx} {m})\">\n{boundary}{edges}{nodes}{labels}</g>\n</svg>\n",
        w = f(width),
        h = f(height),
        title = esc(title),
        dx = f(dx),
        m = f(MARGIN),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::diagram::{Edge, Node};

    fn node(id: &'static str, tier: usize) -> Node {
        Node {
            id,
            lines: vec![id.to_string()],
            shape: Shape::Box,
            tier,
        }
    }

    fn edge(from: &'static str, to: &'static str) -> Edge {
        Edge {
            from,
            to,
            label: String::new(),
            dashed: false,
            both_ways: false,
        }
    }

    #[test]
    fn layers_follow_tiers_and_long_edges_get_virtual_points() {
        let d = Diagram {
            nodes: vec![node("a", 0), node("b", 3), node("c", 5), node("x", 3)],
            edges: vec![edge("a", "b"), edge("a", "c"), edge("c", "a")],
            boundary: None,
        };
        let (lay, chains) = layout(&d);
        assert_eq!(lay.rank, vec![0, 1, 2, 1]);
        assert_eq!(chains[1].items.len(), 3, "a→c crosses one layer");
        assert!(chains[2].reversed);
        // Items of a layer never overlap.
        for layer in &lay.layers {
            for w in layer.windows(2) {
                let gap = lay.x(w[1]) - lay.x(w[0]);
                assert!(gap >= (lay.width(w[0]) + lay.width(w[1])) / 2.0 + GAP_X - 1e-6);
            }
        }
        let svg = render(&d, "t");
        assert!(svg.starts_with("<svg class=\"dg\""));
        assert_eq!(
            svg.matches("class=\"a\"").count(),
            3,
            "one arrow head per edge"
        );
        assert_eq!(render(&d, "t"), svg);
    }
}
