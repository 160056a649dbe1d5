//! Per-phase timings of the work behind `advise` and `lint`, in one process
//! (`cargo bench --bench phases`). Complements scripts/bench-*.sh, which time whole runs.

use std::time::{Duration, Instant};

fn time<T>(label: &str, n: u32, mut f: impl FnMut() -> T) {
    let start = Instant::now();
    for _ in 0..n {
        std::hint::black_box(f());
    }
    let per = start.elapsed() / n;
    println!("{label:<34} {:>10.1} µs", per.as_secs_f64() * 1e6);
    let _ = Duration::ZERO;
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .filter(|a| a.ends_with(".yaml"))
        .unwrap_or_else(|| "examples/ecommerce.yaml".into());
    let text = std::fs::read_to_string(&path).unwrap();
    time("load bundled rules", 50, || {
        tradeoff::rules::Rulebook::bundled().unwrap()
    });
    let book = tradeoff::rules::Rulebook::bundled().unwrap();
    time("yaml events only", 2000, || {
        serde_saphyr::granit_parser::Parser::new_from_str(&text).count()
    });
    time("yaml index (one pass)", 2000, || {
        tradeoff::yaml::Index::parse("f", &text).unwrap()
    });
    time("parse requirements (serde-saphyr)", 2000, || {
        tradeoff::requirements::parse_requirements_str("f", &text).unwrap()
    });
    let req = tradeoff::requirements::parse_requirements_str("f", &text).unwrap();
    time("facts (defaults + derived)", 2000, || {
        tradeoff::engine::facts_for(&book, &req)
    });
    let (facts, _, _) = tradeoff::engine::facts_for(&book, &req);
    time("decide all topics", 2000, || {
        let mut f = facts.clone();
        tradeoff::engine::decide(&book, &mut f)
    });
    time("evaluate (with flip points)", 50, || {
        tradeoff::engine::evaluate(&book, &req)
    });
    let index = tradeoff::yaml::Index::parse("f", &text).unwrap();
    time("requirements from the JSON value", 2000, || {
        serde_json::from_value::<tradeoff::requirements::Requirements>(index.value.clone()).unwrap()
    });
    time("schema validation", 2000, || {
        tradeoff::lint::validate::validate("f", &index)
    });
    time("lint check (one file)", 2000, || {
        tradeoff::lint::check(&book, "f", text.as_bytes().to_vec(), 20_000)
    });
    time("report (markdown, after rules)", 10, || {
        tradeoff::report::markdown(&book, &req, &Default::default())
    });
    // What `ask` does after each answer: the skip logic re-decides which of the open
    // questions can still change the advice (here with half the questions answered).
    let questionnaire = tradeoff::ask::Questionnaire::bundled(&book).unwrap();
    let judge = tradeoff::ask::Judge::new(&book);
    let answers = tradeoff::ask::Answers::from_requirements(&req);
    let half: Vec<usize> = (0..questionnaire.questions.len() / 2).collect();
    time("ask: skip logic after an answer", 20, || {
        tradeoff::ask::flow::open_questions(&questionnaire, &judge, &answers, &half).unwrap()
    });
}
