//! Vietnamese numbers: formatting as the decision prints it, thousands with a dot ("1.280") and a
//! decimal comma ("92,75"); and reading numbers written either the Vietnamese or the English way by
//! one rule, [`read_number`], which refuses a number that reads both ways ([`NumberError::Ambiguous`]).

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

/// Why a written number cannot be read.
#[derive(Clone, Debug, PartialEq)]
pub enum NumberError {
    /// Not a number (letters, a misplaced separator, an empty cell).
    NotANumber,
    /// One separator followed by exactly three digits: "0.080" is 80 written the Vietnamese way
    /// and 0.08 written the English way; "1,234" is 1.234 or 1234.
    Ambiguous {
        /// The Vietnamese reading (a dot groups thousands, a comma marks decimals).
        vietnamese: f64,
        /// The English reading (a comma groups thousands, a dot marks decimals).
        english: f64,
    },
}

/// Reads a number written the Vietnamese way (`1.234,5`: a dot groups thousands, a comma marks the
/// decimals) or the English way (`1,234.5`), by one rule:
///
/// - with both separators, the last one is the decimal mark and appears once, and the other groups
///   thousands: `1.234.567,8` and `1,234,567.8` are both 1234567.8;
/// - a separator written more than once groups thousands: `1.234.567`, `1,234,567`;
/// - a separator written once is the decimal mark (`92,75`, `92.75`, `0,5`, `12.3456`) unless exactly
///   three digits follow it: then the number reads both ways (`0.080`, `1.234`, `12,500`) and is
///   refused as [`NumberError::Ambiguous`] — write `80` or `0,08`;
/// - thousands groups are one to three digits, then groups of exactly three; there are digits on
///   both sides of a decimal mark; a sign may lead; nothing else (no spaces inside, no exponent).
pub fn read_number(raw: &str) -> Result<f64, NumberError> {
    let s = raw.trim();
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') {
        return Err(NumberError::NotANumber);
    }
    let signed = |v: f64| if negative { -v } else { v };
    let value = |int: &str, frac: &str| -> Result<f64, NumberError> {
        format!("{int}.{}", if frac.is_empty() { "0" } else { frac })
            .parse::<f64>()
            .map(signed)
            .map_err(|_| NumberError::NotANumber)
    };
    let (dots, commas) = (digits.matches('.').count(), digits.matches(',').count());
    match (dots, commas) {
        (0, 0) => value(digits, ""),
        (_, 0) | (0, _) => {
            let sep = if dots > 0 { '.' } else { ',' };
            let parts: Vec<&str> = digits.split(sep).collect();
            if parts.len() > 2 {
                return grouped(&parts).map_or(Err(NumberError::NotANumber), |int| value(&int, ""));
            }
            let (int, frac) = (parts[0], parts[1]);
            if int.is_empty() || frac.is_empty() {
                return Err(NumberError::NotANumber);
            }
            if frac.len() != 3 {
                return value(int, frac);
            }
            let thousands = grouped(&parts).map_or(Err(NumberError::NotANumber), |int| value(&int, ""))?;
            let decimal = value(int, frac)?;
            let (vietnamese, english) = if sep == '.' {
                (thousands, decimal)
            } else {
                (decimal, thousands)
            };
            Err(NumberError::Ambiguous { vietnamese, english })
        }
        _ => {
            // Both: the last separator marks the decimals and appears once.
            let last = digits.rfind(['.', ',']).expect("a separator");
            let (sep, group) = if digits.as_bytes()[last] == b',' {
                (',', '.')
            } else {
                ('.', ',')
            };
            let (int, frac) = (&digits[..last], &digits[last + 1..]);
            if int.contains(sep) || frac.is_empty() {
                return Err(NumberError::NotANumber);
            }
            let parts: Vec<&str> = int.split(group).collect();
            grouped(&parts).map_or(Err(NumberError::NotANumber), |int| value(&int, frac))
        }
    }
}

/// The digits of thousands groups ("1", "234", "567" → "1234567"), when they are groups.
fn grouped(parts: &[&str]) -> Option<String> {
    let ok = (1..=3).contains(&parts[0].len()) && parts[1..].iter().all(|g| g.len() == 3);
    ok.then(|| parts.concat())
}

/// Reads a number by [`read_number`]'s rule, settling an ambiguous one the Vietnamese way ("1.280" is
/// 1280, "1,280" is 1.28): for text known to be Vietnamese, such as the decision's printed tables.
pub fn read_number_vietnamese(raw: &str) -> Option<f64> {
    match read_number(raw) {
        Ok(v) | Err(NumberError::Ambiguous { vietnamese: v, .. }) => Some(v),
        Err(NumberError::NotANumber) => None,
    }
}

/// A number for a person, the Vietnamese way but never ambiguous to [`read_number`] when it has no
/// or other than three decimals: no thousands separator, a decimal comma ("1234", "0,08").
pub fn plain(x: f64) -> String {
    format!("{x}").replace('.', ",")
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

    #[test]
    fn numbers_are_read_by_one_rule_for_both_ways_of_writing() {
        let ok = |s: &str| read_number(s).unwrap_or_else(|e| panic!("{s}: {e:?}"));
        // Vietnamese writing
        assert_eq!(ok("1.234,5"), 1234.5);
        assert_eq!(ok("1.234.567"), 1_234_567.0);
        assert_eq!(ok("1.234.567,89"), 1_234_567.89);
        assert_eq!(ok("92,75"), 92.75);
        assert_eq!(ok("0,5"), 0.5);
        assert_eq!(ok("0,08"), 0.08);
        // English writing
        assert_eq!(ok("1,234.5"), 1234.5);
        assert_eq!(ok("1,234,567"), 1_234_567.0);
        assert_eq!(ok("92.75"), 92.75);
        assert_eq!(ok("0.5"), 0.5);
        // Either: no separator, or decimals other than three
        assert_eq!(ok("80"), 80.0);
        assert_eq!(ok(" 135 "), 135.0);
        assert_eq!(ok("12.3456"), 12.3456);
        assert_eq!(ok("12,3456"), 12.3456);
        assert_eq!(ok("-2,5"), -2.5);
        assert_eq!(ok("+7"), 7.0);
        // Both separators: the last is the decimal mark, whatever follows it.
        assert_eq!(ok("1.234,567"), 1234.567);
        assert_eq!(ok("1,234.567"), 1234.567);
    }

    #[test]
    fn a_number_that_reads_both_ways_is_refused_with_both_readings() {
        let amb = |s: &str| match read_number(s) {
            Err(NumberError::Ambiguous { vietnamese, english }) => (vietnamese, english),
            other => panic!("{s}: {other:?}"),
        };
        assert_eq!(amb("0.080"), (80.0, 0.08));
        assert_eq!(amb("1.234"), (1234.0, 1.234));
        assert_eq!(amb("1,234"), (1.234, 1234.0));
        assert_eq!(amb("12,500"), (12.5, 12500.0));
        assert_eq!(amb("100.000"), (100_000.0, 100.0));
        // Settled the Vietnamese way for the decision's own tables.
        assert_eq!(read_number_vietnamese("1.280"), Some(1280.0));
        assert_eq!(read_number_vietnamese("1,280"), Some(1.28));
        assert_eq!(read_number_vietnamese("abc"), None);
    }

    #[test]
    fn malformed_numbers_are_no_numbers() {
        for s in [
            "",
            " ",
            "abc",
            "1 234",
            "1e3",
            "inf",
            "NaN",
            "12.",
            ",5",
            "1.23.4",
            "1,2,3",
            "1.234,5,6",
            "1,234.5.6",
            "12.34,5",
            "1234.567,8",
            "--1",
            "85%",
            "0x10",
            "١٢",
        ] {
            assert_eq!(read_number(s), Err(NumberError::NotANumber), "{s:?}");
        }
    }

    #[test]
    fn plain_numbers_read_back_as_themselves() {
        for x in [80.0, 0.08, 1234.5, 12.25, 1_000_000.0] {
            assert_eq!(read_number(&plain(x)), Ok(x), "{x}");
        }
        assert_eq!(plain(0.08), "0,08");
    }
}
