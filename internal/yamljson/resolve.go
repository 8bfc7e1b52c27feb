package yamljson

import (
	"bytes"
	"math"
	"strconv"
)

// resolution is what an untagged plain scalar means to yaml.v2.
type resolution uint8

const (
	resString resolution = iota
	resNull
	resTrue
	resFalse
	resInt   // a decimal integer that fits in an int64
	resFloat // a decimal float; the value comes with it
	resBail  // something the fast path does not reproduce exactly
)

// resolvePlain classifies the text of a plain scalar the way yaml.v2's
// resolve does for an untagged scalar decoded into an interface{}. For
// resInt, lo:hi is the canonical JSON text of the integer inside s (no
// '+', no "-0"). For resFloat, f is the value.
func resolvePlain(s []byte) (r resolution, lo, hi int, f float64) {
	if len(s) == 0 {
		return resNull, 0, 0, 0
	}
	switch string(s) {
	case "~", "null", "Null", "NULL":
		return resNull, 0, 0, 0
	case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON":
		return resTrue, 0, 0, 0
	case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF":
		return resFalse, 0, 0, 0
	case ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF",
		"+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
		// NaN and infinities make json.Marshal fail.
		return resBail, 0, 0, 0
	}
	switch c := s[0]; {
	case c == '.':
		// yaml.v2 tries strconv.ParseFloat on the text as it is.
		if isYAMLFloat(s) {
			v, err := strconv.ParseFloat(string(s), 64)
			if err != nil {
				return resBail, 0, 0, 0
			}
			return resFloat, 0, 0, v
		}
		// ParseFloat also takes '_' between digits (".5_0").
		if bytes.IndexByte(s, '_') >= 0 && onlyNumberChars(s) {
			return resBail, 0, 0, 0
		}
		return resString, 0, 0, 0
	case c == '+' || c == '-' || ('0' <= c && c <= '9'):
		return resolveNumeric(s)
	}
	return resString, 0, 0, 0
}

// onlyNumberChars reports whether s holds only characters that can occur
// in some spelling of a number, so that it might be one.
func onlyNumberChars(s []byte) bool {
	for _, c := range s {
		switch {
		case '0' <= c && c <= '9', c == '.', c == '+', c == '-', c == '_', c == 'e', c == 'E':
		default:
			return false
		}
	}
	return true
}

// resolveNumeric resolves a plain scalar starting with a sign or a digit.
// yaml.v2 removes '_' and then tries, in order, strconv.ParseInt(s, 0, 64),
// strconv.ParseUint(s, 0, 64), a YAML float (strconv.ParseFloat) and
// binary literals; if all fail, the scalar is a string. (A timestamp stays
// a string when decoded into an interface{}, and can never be a number.)
func resolveNumeric(s []byte) (r resolution, lo, hi int, f float64) {
	underscore := false
	for _, c := range s {
		switch {
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f', 'A' <= c && c <= 'F',
			c == 'x', c == 'X', c == 'o', c == 'O', c == '+', c == '-', c == '.':
		case c == '_':
			underscore = true
		default:
			// None of the number syntaxes allows this character: a string.
			return resString, 0, 0, 0
		}
	}
	if underscore {
		return resBail, 0, 0, 0
	}
	sign := 0
	if s[0] == '+' || s[0] == '-' {
		sign = 1
	}
	if isGoInt(s[sign:]) {
		digits := s[sign:]
		if len(digits) == 1 && digits[0] == '0' {
			return resInt, sign, len(s), 0
		}
		if digits[0] == '0' || len(digits) > 18 {
			// Octal, hexadecimal, binary or possibly out of int64 range.
			return resBail, 0, 0, 0
		}
		for _, c := range digits {
			if c < '0' || c > '9' {
				return resBail, 0, 0, 0
			}
		}
		if s[0] == '+' {
			return resInt, 1, len(s), 0
		}
		return resInt, 0, len(s), 0
	}
	if isYAMLFloat(s) {
		v, err := strconv.ParseFloat(string(s), 64)
		if err != nil {
			return resBail, 0, 0, 0
		}
		return resFloat, 0, 0, v
	}
	rest := s[sign:]
	if len(rest) >= 2 && rest[0] == '0' && (rest[1] == 'b' || rest[1] == 'B') {
		return resBail, 0, 0, 0
	}
	return resString, 0, 0, 0
}

// isGoInt reports whether s (without sign) is accepted by strconv.ParseUint
// with base 0 and no underscores, ignoring range: 0x/0o/0b prefixes,
// a leading 0 for octal, or decimal digits.
func isGoInt(s []byte) bool {
	if len(s) == 0 {
		return false
	}
	digits, max := s, byte('9')
	if s[0] == '0' {
		switch {
		case len(s) >= 3 && (s[1]|0x20) == 'x':
			for _, c := range s[2:] {
				if !('0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'f') {
					return false
				}
			}
			return true
		case len(s) >= 3 && (s[1]|0x20) == 'o':
			digits, max = s[2:], '7'
		case len(s) >= 3 && (s[1]|0x20) == 'b':
			digits, max = s[2:], '1'
		default:
			digits, max = s[1:], '7'
		}
	}
	for _, c := range digits {
		if c < '0' || c > max {
			return false
		}
	}
	return true
}

// isYAMLFloat reports whether s matches yaml.v2's float pattern
// ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$.
func isYAMLFloat(s []byte) bool {
	i, n := 0, len(s)
	if i < n && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := func() int {
		j := i
		for i < n && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		return i - j
	}
	if i < n && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	} else {
		if digits() == 0 {
			return false
		}
		if i < n && s[i] == '.' {
			i++
			digits()
		}
	}
	if i < n && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < n && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == n
}

// appendFloat appends f as encoding/json writes a float64: the shortest
// representation, in exponent form only below 1e-6 or from 1e21 on, with
// a two-digit negative exponent shortened to one digit.
func appendFloat(dst []byte, f float64) []byte {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		// "1e-07" becomes "1e-7".
		n := len(dst)
		if n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst
}
