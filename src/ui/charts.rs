//! Charts as SVG drawn by Leptos: no chart library in the WebAssembly. Each chart is an image
//! with a title for screen readers, and its numbers are also there as a table (folded away
//! under a summary), so nothing is only visible as a shape.

use leptos::prelude::*;

/// One bar: what it is, how long it is, and the number as the reader should see it.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
}

/// The table under a chart: its two column heads.
#[derive(Clone, Debug)]
pub struct TableHeads {
    pub label: String,
    pub value: String,
    pub summary: String,
}

fn longest(bars: &[Bar]) -> f64 {
    bars.iter().map(|b| b.value).fold(0.0, f64::max).max(1.0)
}

#[component]
fn ChartTable(bars: Vec<Bar>, heads: TableHeads) -> impl IntoView {
    view! {
        <details class="chart-table">
            <summary>{heads.summary}</summary>
            <table>
                <thead><tr><th scope="col">{heads.label}</th><th scope="col" class="num">{heads.value}</th></tr></thead>
                <tbody>
                    {bars.into_iter().map(|b| view! {
                        <tr><th scope="row">{b.label}</th><td class="num">{b.text}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </details>
    }
}

/// Upright bars along a time axis (new leads per week or month). The drawing is as wide as
/// its bars need, and scales to the screen.
#[component]
pub fn ColumnChart(
    /// Unique on the page: the title's id.
    id: &'static str,
    title: String,
    bars: Vec<Bar>,
    heads: TableHeads,
) -> impl IntoView {
    const SLOT: f64 = 44.0;
    const HEIGHT: f64 = 180.0;
    const TOP: f64 = 20.0;
    const AXIS: f64 = 36.0;
    let width = (bars.len() as f64 * SLOT).max(320.0);
    let slot = width / bars.len().max(1) as f64;
    let max = longest(&bars);
    // Every label when there is room; otherwise every n-th, so they never overlap.
    let every = (bars.len() / 12).max(1);
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    let drawn = bars.clone();
    view! {
        <figure class="chart chart-columns" id=id>
            <svg
                viewBox=format!("0 0 {width} {}", TOP + HEIGHT + AXIS)
                role="img"
                aria-labelledby=labelled_by
                preserveAspectRatio="xMidYMid meet"
            >
                <title id=title_id>{title.clone()}</title>
                <line class="axis" x1="0" x2=width y1=TOP + HEIGHT y2=TOP + HEIGHT/>
                {drawn.into_iter().enumerate().map(|(i, b)| {
                    let h = HEIGHT * b.value / max;
                    let x = i as f64 * slot + slot * 0.15;
                    let w = slot * 0.7;
                    let centre = i as f64 * slot + slot / 2.0;
                    let (label, text) = (b.label.clone(), b.text.clone());
                    view! {
                        <g class="bar" data-label=b.label data-value=b.text>
                            <rect x=x y=TOP + HEIGHT - h width=w height=h rx="2"/>
                            <text class="value" x=centre y=TOP + HEIGHT - h - 4.0 text-anchor="middle">{text}</text>
                            {(i % every == 0).then(|| view! {
                                <text class="label" x=centre y=TOP + HEIGHT + 16.0 text-anchor="middle">{label}</text>
                            })}
                        </g>
                    }
                }).collect_view()}
            </svg>
            <figcaption>{title}</figcaption>
            <ChartTable bars heads/>
        </figure>
    }
}

/// Bars lying down, one row each with its label above (readable on a phone): sources,
/// the funnel, the pipeline.
#[component]
pub fn BarChart(
    id: &'static str,
    title: String,
    bars: Vec<Bar>,
    heads: TableHeads,
) -> impl IntoView {
    const WIDTH: f64 = 320.0;
    const ROW: f64 = 38.0;
    const BAR: f64 = 14.0;
    let max = longest(&bars);
    let height = bars.len() as f64 * ROW;
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    let drawn = bars.clone();
    view! {
        <figure class="chart chart-bars" id=id>
            <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-labelledby=labelled_by>
                <title id=title_id>{title.clone()}</title>
                {drawn.into_iter().enumerate().map(|(i, b)| {
                    let y = i as f64 * ROW;
                    // Leave room for the number after the longest bar.
                    let w = (WIDTH - 90.0) * b.value / max;
                    let (label, text) = (b.label.clone(), b.text.clone());
                    view! {
                        <g class="bar" data-label=b.label data-value=b.text>
                            <text class="label" x="0" y=y + 13.0>{label}</text>
                            <rect x="0" y=y + 18.0 width=w.max(1.0) height=BAR rx="2"/>
                            <text class="value" x=w + 6.0 y=y + 30.0>{text}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
            <figcaption>{title}</figcaption>
            <ChartTable bars heads/>
        </figure>
    }
}
