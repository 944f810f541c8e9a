//! Flow diagrams: a small Sankey-like chart with nodes in columns and bands
//! whose widths are proportional to the flow values.
//!
//! Columns come from the topology, not from the caller: a node sits one
//! column right of its furthest upstream source, and nodes with no outgoing
//! links go to the last column, so "origin → hub → Russia" lines up even
//! when some origins ship directly.

use std::collections::HashMap;

use super::axis::compact_number;
use super::{CHART_WIDTH, INK, TITLE_BAND, close_svg, open_svg, series_style, tooltip};
use crate::escape::escape_xml;
use crate::format::{format_number, truncate_label};
use crate::model::FlowLink;

/// Room left of the first and right of the last column for node labels.
const LABEL_MARGIN: f64 = 170.0;
const NODE_WIDTH: f64 = 14.0;
const NODE_GAP: f64 = 12.0;
const MIN_PLOT_HEIGHT: f64 = 300.0;
/// Vertical room per node in the fullest column, so labels do not collide.
const HEIGHT_PER_NODE: f64 = 26.0;
const LABEL_CHARS: usize = 22;

/// A link that survived validation, with node indices.
#[derive(Debug, Clone, Copy)]
struct ValidLink {
    from: usize,
    to: usize,
    value: f64,
}

/// Where a node is drawn.
#[derive(Debug, Clone, Copy, Default)]
struct NodeBox {
    column: usize,
    value: f64,
    y: f64,
    height: f64,
}

pub(crate) fn render(title: &str, links: &[FlowLink], unit: &str, id_prefix: &str) -> String {
    let (names, valid_links) = collect_links(links);
    let columns = assign_columns(names.len(), &valid_links);
    let n_columns = columns.iter().copied().max().map_or(0, |last| last + 1);

    let mut nodes: Vec<NodeBox> = columns
        .iter()
        .map(|&column| NodeBox {
            column,
            ..NodeBox::default()
        })
        .collect();
    let mut inflow = vec![0.0; names.len()];
    let mut outflow = vec![0.0; names.len()];
    for link in &valid_links {
        outflow[link.from] += link.value;
        inflow[link.to] += link.value;
    }
    for (node_idx, node) in nodes.iter_mut().enumerate() {
        node.value = f64::max(inflow[node_idx], outflow[node_idx]);
    }

    // Nodes of each column, largest first.
    let mut column_members: Vec<Vec<usize>> = vec![Vec::new(); n_columns];
    for (node_idx, node) in nodes.iter().enumerate() {
        column_members[node.column].push(node_idx);
    }
    for members in &mut column_members {
        members.sort_by(|a, b| nodes[*b].value.total_cmp(&nodes[*a].value));
    }

    let fullest_column = column_members.iter().map(Vec::len).max().unwrap_or(0);
    let plot_top = TITLE_BAND + 16.0;
    let plot_height = MIN_PLOT_HEIGHT.max(fullest_column as f64 * HEIGHT_PER_NODE);
    // One pixels-per-unit scale for the whole chart, set by the column that
    // needs the most room, so equal values have equal widths everywhere.
    let scale = column_members
        .iter()
        .filter(|members| !members.is_empty())
        .map(|members| {
            let total: f64 = members.iter().map(|&node_idx| nodes[node_idx].value).sum();
            let free = plot_height - NODE_GAP * (members.len() - 1) as f64;
            if total > 0.0 {
                free.max(1.0) / total
            } else {
                0.0
            }
        })
        .fold(f64::INFINITY, f64::min);
    let scale = if scale.is_finite() { scale } else { 0.0 };
    for members in &column_members {
        let used: f64 = members
            .iter()
            .map(|&node_idx| nodes[node_idx].value * scale)
            .sum::<f64>()
            + NODE_GAP * members.len().saturating_sub(1) as f64;
        let mut y = plot_top + (plot_height - used).max(0.0) / 2.0;
        for &node_idx in members {
            let node = &mut nodes[node_idx];
            node.y = y;
            node.height = node.value * scale;
            y += node.height + NODE_GAP;
        }
    }

    let plot_left = LABEL_MARGIN;
    let plot_width = CHART_WIDTH - 2.0 * LABEL_MARGIN;
    let column_x = |column: usize| -> f64 {
        if n_columns <= 1 {
            plot_left + (plot_width - NODE_WIDTH) / 2.0
        } else {
            plot_left + column as f64 * (plot_width - NODE_WIDTH) / (n_columns - 1) as f64
        }
    };
    let height = plot_top + plot_height + 24.0;

    let mut out = String::new();
    open_svg(
        &mut out,
        height,
        id_prefix,
        title,
        &describe(&names, &valid_links, &nodes, unit),
    );

    // Bands leave each source and enter each target in the vertical order of
    // the other end, which keeps bands from crossing needlessly.
    let mut by_source: Vec<usize> = (0..valid_links.len()).collect();
    by_source.sort_by(|a, b| {
        let (link_a, link_b) = (valid_links[*a], valid_links[*b]);
        link_a
            .from
            .cmp(&link_b.from)
            .then(nodes[link_a.to].y.total_cmp(&nodes[link_b.to].y))
    });
    let mut source_offset = vec![0.0; valid_links.len()];
    let mut cursor = vec![0.0; names.len()];
    for &link_idx in &by_source {
        let link = valid_links[link_idx];
        source_offset[link_idx] = cursor[link.from];
        cursor[link.from] += link.value * scale;
    }
    let mut by_target: Vec<usize> = (0..valid_links.len()).collect();
    by_target.sort_by(|a, b| {
        let (link_a, link_b) = (valid_links[*a], valid_links[*b]);
        link_a
            .to
            .cmp(&link_b.to)
            .then(nodes[link_a.from].y.total_cmp(&nodes[link_b.from].y))
    });
    let mut target_offset = vec![0.0; valid_links.len()];
    cursor.iter_mut().for_each(|offset| *offset = 0.0);
    for &link_idx in &by_target {
        let link = valid_links[link_idx];
        target_offset[link_idx] = cursor[link.to];
        cursor[link.to] += link.value * scale;
    }

    out.push_str("<g class=\"links\">\n");
    for (link_idx, link) in valid_links.iter().enumerate() {
        let thickness = link.value * scale;
        let x0 = column_x(nodes[link.from].column) + NODE_WIDTH;
        let x1 = column_x(nodes[link.to].column);
        let y0 = nodes[link.from].y + source_offset[link_idx];
        let y1 = nodes[link.to].y + target_offset[link_idx];
        let middle_x = (x0 + x1) / 2.0;
        let style = series_style(link.from);
        out.push_str(&format!(
            "<path class=\"mark\" d=\"M{x0:.1} {y0:.1} C{middle_x:.1} {y0:.1} {middle_x:.1} {y1:.1} {x1:.1} {y1:.1} \
             L{x1:.1} {:.1} C{middle_x:.1} {:.1} {middle_x:.1} {:.1} {x0:.1} {:.1} Z\" fill=\"{}\" fill-opacity=\"0.45\">{}</path>\n",
            y1 + thickness,
            y1 + thickness,
            y0 + thickness,
            y0 + thickness,
            style.colour,
            tooltip(&format!(
                "{} → {}: {} {unit}",
                names[link.from],
                names[link.to],
                format_number(link.value)
            ))
        ));
    }
    out.push_str("</g>\n<g class=\"nodes\">\n");
    for (node_idx, node) in nodes.iter().enumerate() {
        let x = column_x(node.column);
        let style = series_style(node_idx);
        out.push_str(&format!(
            "<rect class=\"node\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{NODE_WIDTH}\" height=\"{:.1}\" fill=\"{}\">{}</rect>\n",
            node.y,
            node.height.max(1.0),
            style.colour,
            tooltip(&format!("{}: {} {unit}", names[node_idx], format_number(node.value)))
        ));
        // First-column labels sit left of their node, all others right, so
        // labels never cover the bands entering a node.
        let (label_x, anchor) = if node.column == 0 && n_columns > 1 {
            (x - 6.0, "end")
        } else {
            (x + NODE_WIDTH + 6.0, "start")
        };
        out.push_str(&format!(
            "<text class=\"node-label\" x=\"{label_x:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\" fill=\"{INK}\" \
             stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">{} ({})</text>\n",
            node.y + node.height.max(1.0) / 2.0 + 4.0,
            escape_xml(&truncate_label(&names[node_idx], LABEL_CHARS)),
            escape_xml(&compact_number(node.value))
        ));
    }
    out.push_str("</g>\n");
    close_svg(&mut out);
    out
}

/// Node names in order of first appearance and the drawable links. Links
/// that are non-positive, non-finite or loop back to their own node carry no
/// width to draw and are skipped.
fn collect_links(links: &[FlowLink]) -> (Vec<String>, Vec<ValidLink>) {
    let mut names: Vec<String> = Vec::new();
    let mut index_of: HashMap<String, usize> = HashMap::new();
    let mut node_index = |name: &str, names: &mut Vec<String>| -> usize {
        if let Some(&node_idx) = index_of.get(name) {
            return node_idx;
        }
        names.push(name.to_owned());
        index_of.insert(name.to_owned(), names.len() - 1);
        names.len() - 1
    };
    let mut valid_links = Vec::new();
    for link in links {
        if !link.value.is_finite() || link.value <= 0.0 || link.from == link.to {
            continue;
        }
        let from = node_index(&link.from, &mut names);
        let to = node_index(&link.to, &mut names);
        valid_links.push(ValidLink {
            from,
            to,
            value: link.value,
        });
    }
    (names, valid_links)
}

/// Column of every node: the longest path from any source, with sinks moved
/// to the last column. Depths are capped at the node count, so cycles end
/// the relaxation instead of looping forever.
fn assign_columns(n_nodes: usize, links: &[ValidLink]) -> Vec<usize> {
    let mut depth = vec![0usize; n_nodes];
    for _ in 0..n_nodes {
        let mut changed = false;
        for link in links {
            let candidate = depth[link.from] + 1;
            if candidate > depth[link.to] && candidate < n_nodes {
                depth[link.to] = candidate;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let deepest = depth.iter().copied().max().unwrap_or(0);
    let mut has_outgoing = vec![false; n_nodes];
    for link in links {
        has_outgoing[link.from] = true;
    }
    for (node_idx, node_depth) in depth.iter_mut().enumerate() {
        if !has_outgoing[node_idx] && *node_depth > 0 {
            *node_depth = deepest;
        }
    }
    // Renumber so columns are consecutive from 0.
    let mut used: Vec<usize> = depth.clone();
    used.sort_unstable();
    used.dedup();
    depth
        .iter()
        .map(|node_depth| used.binary_search(node_depth).unwrap_or(0))
        .collect()
}

fn describe(names: &[String], links: &[ValidLink], nodes: &[NodeBox], unit: &str) -> String {
    if links.is_empty() {
        return "Flow diagram with no flows.".to_owned();
    }
    let mut largest: Vec<&ValidLink> = links.iter().collect();
    largest.sort_by(|a, b| b.value.total_cmp(&a.value));
    let listed: Vec<String> = largest
        .iter()
        .take(5)
        .map(|link| {
            format!(
                "{} → {} {}",
                names[link.from],
                names[link.to],
                compact_number(link.value)
            )
        })
        .collect();
    let n_columns = nodes.iter().map(|node| node.column + 1).max().unwrap_or(0);
    format!(
        "Flow diagram of {} flows between {} nodes in {n_columns} columns, in {unit}. Largest: {}.",
        links.len(),
        names.len(),
        listed.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(from: &str, to: &str, value: f64) -> FlowLink {
        FlowLink {
            from: from.into(),
            to: to.into(),
            value,
        }
    }

    #[test]
    fn columns_follow_topology_and_sinks_go_last() {
        let links = [
            link("China", "Kazakhstan", 5.0),
            link("Kazakhstan", "Russia", 5.0),
            link("Germany", "Russia", 1.0),
        ];
        let (names, valid) = collect_links(&links);
        let columns = assign_columns(names.len(), &valid);
        let column_of = |name: &str| columns[names.iter().position(|n| n == name).unwrap()];
        assert_eq!(column_of("China"), 0);
        assert_eq!(column_of("Germany"), 0);
        assert_eq!(column_of("Kazakhstan"), 1);
        assert_eq!(column_of("Russia"), 2);
    }

    #[test]
    fn cycles_and_bad_links_terminate() {
        let links = [
            link("a", "b", 1.0),
            link("b", "a", 1.0),
            link("a", "a", 3.0),
            link("c", "d", f64::NAN),
            link("c", "d", -1.0),
        ];
        let (names, valid) = collect_links(&links);
        assert_eq!(valid.len(), 2);
        assert_eq!(names, ["a", "b"]);
        let columns = assign_columns(names.len(), &valid);
        assert!(columns.iter().all(|&column| column < 2));
    }
}
