package syncer

import (
	"errors"
	"fmt"
	"strings"
)

// ErrUnusableServiceTag is matched (with errors.Is) by every error of
// CheckServiceTag.
var ErrUnusableServiceTag = errors.New("unusable service tag")

// Service tag lengths that CheckServiceTag accepts. Dell service tags have
// 7 characters (5 on some old systems); other vendors' serial numbers, which
// OME shows for third-party sleds and appliances, run to 10-12 characters,
// so up to 20 are accepted. Shorter than 5 is taken for a fragment.
const (
	minServiceTagLen = 5
	maxServiceTagLen = 20
)

// placeholderTags are the words that boards, BIOS defaults and appliances
// put where a serial number belongs, compared after normalization with
// every character other than A-Z and 0-9 removed; a word followed by one
// or two digits ("TBD12", "NONE1") is a placeholder too. The runs and
// repeats of characters ("1234567", "XXXXXXX1") are found by rule
// (fillerPattern), not listed.
var placeholderTags = map[string]bool{
	"NA": true, "NONE": true, "NULL": true, "NIL": true, "UNKNOWN": true,
	"0": true, "EMPTY": true, "BLANK": true, "INVALID": true, "TBD": true,
	"TBA": true, "TBC": true, "UNDEFINED": true, "UNSET": true, "MISSING": true,
	"NOTAVAILABLE": true, "NOTAPPLICABLE": true, "NOTSPECIFIED": true,
	"NOTSET": true, "NOTPROVIDED": true, "TOBEFILLEDBYOEM": true, "TOBEFILLED": true,
	"DEFAULT": true, "DEFAULTSTRING": true, "CHANGEME": true, "DUMMY": true,
	"PLACEHOLDER": true, "SYSTEMSERIALNUMBER": true, "SYSTEMSERIAL": true,
	"CHASSISSERIALNUMBER": true, "BASEBOARDSERIALNUMBER": true, "SERIALNUMBER": true,
	"SERIAL": true, "SERIALNO": true, "SN": true, "NOSERIAL": true,
	"NOSERIALNUMBER": true, "SERVICETAG": true, "OEM": true,
}

// serialPrefixes are labels that a placeholder may start with ("SN000000");
// fillerPattern looks at what follows them. Longest first.
var serialPrefixes = []string{"SERIALNUMBER", "SERIALNO", "SERIAL", "SN"}

// NormalizeServiceTag trims Unicode white space around s and upper-cases
// its ASCII letters, the same way on every side of a comparison.
func NormalizeServiceTag(s string) string {
	s = strings.TrimSpace(s)

	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}

		return r
	}, s)
}

// CheckServiceTag normalizes raw and returns it when it is usable as the
// identity of a server. Otherwise the error, which matches
// ErrUnusableServiceTag, says why. A usable tag
//   - is not empty after trimming;
//   - is not a placeholder word such as "N/A", "None", "Unknown", "TBD",
//     "Default", "Serial", "Changeme", "To Be Filled By O.E.M.",
//     "Default string" or "System Serial Number" (case, spaces and
//     punctuation ignored), alone or with one or two digits after it
//     ("TBD12");
//   - has only the characters A-Z and 0-9;
//   - has 5 to 20 characters;
//   - is not one character repeated ("0000000", "XXXXXXX"), nor one
//     character repeated and a final digit ("XXXXXXX1", "0000000001");
//   - is not a run of digits up or down ("12345", "9876543", "1234567890")
//     or of letters ("ABCDEFG");
//   - is none of these after a label "SN" or "SERIAL" ("SN000000").
//
// Real Dell service tags (7 letters and digits, such as "4XJ2Z93",
// "1A2B3C4" or "1234ABC") pass.
func CheckServiceTag(raw string) (string, error) {
	tag := NormalizeServiceTag(raw)
	reason := serviceTagProblem(tag)
	if reason != "" {
		return tag, fmt.Errorf("%w %q: %s", ErrUnusableServiceTag, raw, reason)
	}

	return tag, nil
}

// serviceTagProblem says what is wrong with a normalized tag, or "".
func serviceTagProblem(tag string) string {
	switch {
	case tag == "":
		return "it is empty"
	case isPlaceholderWord(alnumOnly(tag)):
		return "it is a placeholder, not a serial number"
	case alnumOnly(tag) != tag:
		return "it has characters other than A-Z and 0-9"
	case len(tag) < minServiceTagLen:
		return fmt.Sprintf("it is shorter than %d characters", minServiceTagLen)
	case len(tag) > maxServiceTagLen:
		return fmt.Sprintf("it is longer than %d characters", maxServiceTagLen)
	}

	return fillerPattern(tag)
}

// isPlaceholderWord reports whether s, letters and digits only, is a
// placeholder word, alone or with one or two digits after it.
func isPlaceholderWord(s string) bool {
	word := strings.TrimRight(s, "0123456789")

	return placeholderTags[s] || (word != "" && len(s)-len(word) <= 2 && placeholderTags[word])
}

// fillerPattern says which filler pattern a tag of A-Z and 0-9 follows,
// after a label such as "SN", or "" for none.
func fillerPattern(tag string) string {
	body := tag
	for _, p := range serialPrefixes {
		if rest, ok := strings.CutPrefix(tag, p); ok && len(rest) >= 3 {
			body = rest
			break
		}
	}

	last := len(body) - 1
	switch {
	case repeats(body):
		return "it repeats one character"
	case last >= 3 && repeats(body[:last]) && isDigit(body[last]):
		return "it repeats one character before a final digit"
	case isRun(body):
		return "it is a run of consecutive digits or letters"
	}

	return ""
}

// repeats reports whether s is one character repeated.
func repeats(s string) bool { return s != "" && strings.Count(s, s[:1]) == len(s) }

// isRun reports whether s, at least 3 characters, is digits that go up or
// down by one (9 to 0 and back counting as a step: "7890123") or letters
// that do ("ABCDE", "ZYXWV").
func isRun(s string) bool {
	if len(s) < 3 {
		return false
	}

	step := runStep(s[0], s[1])
	if step == 0 {
		return false
	}

	for i := 2; i < len(s); i++ {
		if runStep(s[i-1], s[i]) != step {
			return false
		}
	}

	return true
}

// runStep is +1 or -1 when b follows a up or down by one (two digits, or
// two letters), else 0.
func runStep(a, b byte) int {
	if isDigit(a) != isDigit(b) {
		return 0
	}

	d := int(b) - int(a)
	switch {
	case isDigit(a) && d == -9: // 9 to 0 counts as a step up
		d = 1
	case isDigit(a) && d == 9: // and 0 to 9 as a step down
		d = -1
	}

	if d == 1 || d == -1 {
		return d
	}

	return 0
}

// isDigit reports whether c is an ASCII digit.
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// alnumOnly keeps the ASCII letters and digits of an upper-cased s.
func alnumOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			return r
		}

		return -1
	}, s)
}
