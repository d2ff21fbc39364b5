//! A bar chart as accessible SVG: the chart has a name, every bar a `<title>` with its label
//! and value. Pages show the same numbers in a table next to it (the chart is only a picture).

use leptos::prelude::*;

/// One bar: what it stands for, its height, and the value as read out.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub value_text: String,
}

const HEIGHT: f64 = 120.0;
const BAR: f64 = 16.0;
const GAP: f64 = 6.0;

/// Bars scaled to the largest value (or `max`, e.g. 1.0 for rates).
#[component]
pub fn BarChart(
    id: String,
    title: Signal<String>,
    bars: Vec<Bar>,
    #[prop(optional)] max: Option<f64>,
) -> impl IntoView {
    let top = max
        .unwrap_or_else(|| bars.iter().map(|b| b.value).fold(0.0, f64::max))
        .max(f64::EPSILON);
    let width = (bars.len() as f64 * (BAR + GAP) + GAP).max(60.0);
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <figure class="chart">
            <svg
                id=id
                role="img"
                aria-labelledby=labelled_by
                viewBox=format!("0 0 {width} {}", HEIGHT + 2.0)
                preserveAspectRatio="none"
                class="bar-chart"
            >
                <title id=title_id>{move || title.get()}</title>
                <line x1="0" y1=HEIGHT.to_string() x2=width.to_string() y2=HEIGHT.to_string() class="chart-axis" />
                {bars
                    .into_iter()
                    .enumerate()
                    .map(|(i, bar)| {
                        let h = (bar.value.max(0.0) / top * (HEIGHT - 4.0)).max(if bar.value > 0.0 { 1.0 } else { 0.0 });
                        let x = GAP + i as f64 * (BAR + GAP);
                        view! {
                            <g class="chart-bar" role="img" aria-label=format!("{}: {}", bar.label, bar.value_text)>
                                <title>{format!("{}: {}", bar.label, bar.value_text)}</title>
                                <rect x=x.to_string() y=(HEIGHT - h).to_string() width=BAR.to_string() height=h.to_string() />
                            </g>
                        }
                    })
                    .collect_view()}
            </svg>
            <figcaption>{move || title.get()}</figcaption>
        </figure>
    }
}
