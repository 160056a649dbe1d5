//! Calendar dates for acceptance expiry, without a date library.

/// Parses `YYYY-MM-DD` (exactly: four, two and two digits, a real calendar day,
/// as JSON Schema's `format: date`) into days since 1970-01-01.
pub fn parse(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = b.get(r)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if !(1..=12).contains(&m) || !(1..=days_in_month(y, m)).contains(&d) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

/// 28 to 31, leap years included (2099-02-31 and 2027-02-29 are no dates).
fn days_in_month(y: i64, m: i64) -> i64 {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's days_from_civil.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Today, in days since 1970-01-01; `TRADEOFF_TODAY=YYYY-MM-DD` overrides the clock
/// (for reproducible runs and tests).
pub fn today() -> i64 {
    if let Some(d) = std::env::var("TRADEOFF_TODAY").ok().and_then(|s| parse(&s)) {
        return d;
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    secs.div_euclid(86_400)
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_dates() {
        assert_eq!(super::parse("1970-01-01"), Some(0));
        assert_eq!(super::parse("2026-11-28"), Some(20_785));
        assert_eq!(super::parse("2026-13-01"), None);
        assert_eq!(super::parse("soon"), None);
        assert_eq!(super::parse("2027-13-45"), None);
        assert_eq!(super::parse("2027-02-29"), None);
        assert_eq!(super::parse("2028-02-29"), Some(21_243));
        assert_eq!(super::parse(" 2027-01-01"), None);
        assert_eq!(super::parse("+202-01-01"), None);
        assert_eq!(super::parse("2099-02-31"), None);
        assert_eq!(super::parse("2100-02-29"), None);
        assert_eq!(super::parse("2000-02-29"), Some(11_016));
        assert_eq!(super::parse("2026-04-31"), None);
    }
}
