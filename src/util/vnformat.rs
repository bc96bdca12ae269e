//! Vietnamese number formatting as the decision prints it: thousands with a dot ("1.280") and a
//! decimal comma ("92,75").

/// Formats an integer with `.` as the thousands separator.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// Formats a value with `decimals` digits after a decimal comma, thousands dotted.
pub fn decimal(x: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let int: i64 = int.parse().unwrap_or(0);
    let sign = if x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{}", thousands(int))
    } else {
        format!("{sign}{},{frac}", thousands(int))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_the_decision() {
        assert_eq!(thousands(1280), "1.280");
        assert_eq!(thousands(530), "530");
        assert_eq!(thousands(1_234_567), "1.234.567");
        assert_eq!(decimal(92.75, 2), "92,75");
        assert_eq!(decimal(100.0, 2), "100,00");
        assert_eq!(decimal(1234.5, 1), "1.234,5");
    }
}
