//! List counters as HTML, ODF and Word print them: Roman numerals (from
//! `kehoach-vi`) and alphabetic counters. One copy for every reader that rebuilds list
//! numbering, so "IV." is spelled the same whichever format it came from.

pub(crate) use kehoach_vi::roman::roman;

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
