//! Roman numerals: written (list counters of HTML, ODF and Word) and read
//! (group numbers of plan tables and headings, "II.", "IV").

const TABLE: [(u32, &str); 13] = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
];

/// `n` in upper-case Roman numerals (1 → "I", 4 → "IV", 1994 →
/// "MCMXCIV"); empty for 0.
pub fn roman(mut n: u32) -> String {
    let mut out = String::new();
    for (value, numeral) in TABLE {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// The largest value [`value`] reads: plan groups are numbered with I, V,
/// X and L only.
pub const MAX_VALUE: u32 = 89;

/// The value of a canonical Roman numeral written with I, V, X and L, from
/// 1 to 89 ("VII" → 7); `None` for anything else, non-canonical spellings
/// included ("IIII", "VX", "LL").
pub fn value(s: &str) -> Option<u32> {
    let digit = |c| match c {
        'I' => Some(1i64),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        _ => None,
    };
    let values: Vec<i64> = s.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0i64;
    for (i, v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|next| next > v) {
            total -= v;
        } else {
            total += v;
        }
    }
    let value = u32::try_from(total).ok().filter(|v| (1..=MAX_VALUE).contains(v))?;
    (roman(value) == s).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written() {
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(14), "XIV");
        assert_eq!(roman(1994), "MCMXCIV");
        assert_eq!(roman(0), "");
    }

    #[test]
    fn read() {
        assert_eq!(value("VII"), Some(7));
        assert_eq!(value("IV"), Some(4));
        assert_eq!(value("LXXXIX"), Some(89));
        for bad in ["IIII", "VX", "LL", "LXL", "", "C", "ii"] {
            assert_eq!(value(bad), None, "{bad}");
        }
        for n in 1..=MAX_VALUE {
            assert_eq!(value(&roman(n)), Some(n), "{n}");
        }
    }
}
