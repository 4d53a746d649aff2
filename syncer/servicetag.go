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

// placeholderTags are values that boards, BIOS defaults and appliances put
// where a serial number belongs, compared after normalization with every
// character other than A-Z and 0-9 removed.
var placeholderTags = map[string]bool{
	"NA": true, "NONE": true, "NULL": true, "NIL": true, "UNKNOWN": true,
	"0": true, "EMPTY": true, "BLANK": true, "INVALID": true, "TBD": true,
	"NOTAVAILABLE": true, "NOTAPPLICABLE": true, "NOTSPECIFIED": true,
	"NOTSET": true, "TOBEFILLEDBYOEM": true, "DEFAULTSTRING": true,
	"SYSTEMSERIALNUMBER": true, "CHASSISSERIALNUMBER": true,
	"SERIALNUMBER": true, "SERVICETAG": true, "OEM": true,
	"123456789": true, "1234567890": true, "0123456789": true,
	"12345678": true, "1234567": true, "ABCDEFG": true,
}

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
//   - is not a placeholder such as "N/A", "None", "Unknown",
//     "To Be Filled By O.E.M.", "Default string", "System Serial Number"
//     or "123456789" (case, spaces and punctuation ignored);
//   - has only the characters A-Z and 0-9;
//   - has 5 to 20 characters;
//   - is not one character repeated ("0000000", "XXXXXXX").
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
	case placeholderTags[alnumOnly(tag)]:
		return "it is a placeholder, not a serial number"
	case alnumOnly(tag) != tag:
		return "it has characters other than A-Z and 0-9"
	case len(tag) < minServiceTagLen:
		return fmt.Sprintf("it is shorter than %d characters", minServiceTagLen)
	case len(tag) > maxServiceTagLen:
		return fmt.Sprintf("it is longer than %d characters", maxServiceTagLen)
	case strings.Count(tag, tag[:1]) == len(tag):
		return "it repeats one character"
	}

	return ""
}

// alnumOnly keeps the ASCII letters and digits of an upper-cased s.
func alnumOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			return r
		}

		return -1
	}, s)
}
