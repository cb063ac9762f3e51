//! List counters as HTML, ODF and Word print them: Roman numerals and
//! alphabetic counters. One copy for every reader that rebuilds list
//! numbering, so "IV." is spelled the same whichever format it came from.

/// `n` in upper-case Roman numerals (1 → "I", 4 → "IV"); empty for 0.
pub(crate) fn roman(mut n: u32) -> String {
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
    let mut out = String::new();
    for (value, numeral) in TABLE {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// a, b, …, z, aa, ab, … as HTML `type="a"` and ODF `a` lists count
/// (Word counts aa, bb instead: see the DOCX reader).
pub(crate) fn letters(mut n: u32, upper: bool) -> String {
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(char::from(if upper { b'A' } else { b'a' } + (n % 26) as u8));
        n /= 26;
    }
    out.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters() {
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(1994), "MCMXCIV");
        assert_eq!(roman(0), "");
        assert_eq!(letters(1, false), "a");
        assert_eq!(letters(27, true), "AA");
        assert_eq!(letters(28, false), "ab");
    }
}
