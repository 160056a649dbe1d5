fn main() {
    let cat = tradeoff::facts::requirements_catalog();
    for (k, v) in &cat { println!("{k}: {:?}", v.kind); }
    let r = tradeoff::requirements::parse_requirements_str("f", "scale:\n  users: 1M\n").unwrap();
    let res = tradeoff::facts::resolve(&r, &cat);
    println!("{:?}", res.facts.len());
    for d in res.defaulted.iter().take(5) { println!("{d:?}"); }
    println!("{}", serde_json::to_string_pretty(&tradeoff::facts::requirements_schema()).unwrap().lines().take(60).collect::<Vec<_>>().join("\n"));
}
