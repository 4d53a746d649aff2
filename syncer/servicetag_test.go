package syncer

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Reasons of CheckServiceTag, as the tests expect them.
const (
	tagPlaceholder = "it is a placeholder, not a serial number"
	tagRepeats     = "it repeats one character"
	tagFinalDigit  = "it repeats one character before a final digit"
	tagRun         = "it is a run of consecutive digits or letters"
)

func TestCheckServiceTag(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw    string
		tag    string
		reason string // "" for a usable tag
	}{
		// Real tags: Dell's 7 letters and digits in every mix, older and
		// longer serial numbers.
		{"7QZ4K2M", "7QZ4K2M", ""},
		{"4XJ2Z93", "4XJ2Z93", ""},
		{"1A2B3C4", "1A2B3C4", ""},
		{"1234ABC", "1234ABC", ""},
		{"ABC1234", "ABC1234", ""},
		{"SN4X2Z9", "SN4X2Z9", ""},
		{"NA12345", "NA12345", ""},
		{"TBD1234", "TBD1234", ""},
		{"0000001A", "0000001A", ""},
		{"1357924", "1357924", ""},
		{" tst1701 ", "TST1701", ""},
		{"\tTST1702\n", "TST1702", ""},
		{"ab123", "AB123", ""},
		{"SN1234567890ABCDEFGH", "SN1234567890ABCDEFGH", ""},
		// Empty and placeholder words, alone or with a digit or two.
		{"", "", "it is empty"},
		{"   \t", "", "it is empty"},
		{"N/A", "N/A", tagPlaceholder},
		{"na", "NA", tagPlaceholder},
		{"None", "NONE", tagPlaceholder},
		{"NULL", "NULL", tagPlaceholder},
		{"Unknown", "UNKNOWN", tagPlaceholder},
		{"0", "0", tagPlaceholder},
		{"DEFAULT", "DEFAULT", tagPlaceholder},
		{"Default string", "DEFAULT STRING", tagPlaceholder},
		{"SERIAL", "SERIAL", tagPlaceholder},
		{"CHANGEME", "CHANGEME", tagPlaceholder},
		{"change me", "CHANGE ME", tagPlaceholder},
		{"TBD", "TBD", tagPlaceholder},
		{"TBD12", "TBD12", tagPlaceholder},
		{"None1", "NONE1", tagPlaceholder},
		{"To Be Filled By O.E.M.", "TO BE FILLED BY O.E.M.", tagPlaceholder},
		{"Not Specified", "NOT SPECIFIED", tagPlaceholder},
		{"System Serial Number", "SYSTEM SERIAL NUMBER", tagPlaceholder},
		// Repeats, runs, and both after a label.
		{"0000000", "0000000", tagRepeats},
		{"XXXXXXX", "XXXXXXX", tagRepeats},
		{"XXXXXXX1", "XXXXXXX1", tagFinalDigit},
		{"0000000001", "0000000001", tagFinalDigit},
		{"SN000000", "SN000000", tagRepeats},
		{"SN12345", "SN12345", tagRun},
		{"12345", "12345", tagRun},
		{"123456", "123456", tagRun},
		{"123456789", "123456789", tagRun},
		{"1234567890", "1234567890", tagRun},
		{"9876543", "9876543", tagRun},
		{"3210987", "3210987", tagRun},
		{"ABCDEFG", "ABCDEFG", tagRun},
		{"zyxwv", "ZYXWV", tagRun},
		// Shape.
		{"ABC-123", "ABC-123", "it has characters other than A-Z and 0-9"},
		{"ABC 1234", "ABC 1234", "it has characters other than A-Z and 0-9"},
		{"ÄBC1234", "ÄBC1234", "it has characters other than A-Z and 0-9"},
		{"ABC1", "ABC1", "it is shorter than 5 characters"},
		{"SN1234567890ABCDEFGHI", "SN1234567890ABCDEFGHI", "it is longer than 20 characters"},
	}
	for _, tc := range tests {
		t.Run(tc.raw, func(t *testing.T) {
			t.Parallel()
			tag, err := CheckServiceTag(tc.raw)
			if err != nil && !errors.Is(err, ErrUnusableServiceTag) {
				t.Errorf("CheckServiceTag(%q) err = %v, does not match ErrUnusableServiceTag",
					tc.raw, err)
			}

			got := [2]string{tag, ""}
			if err != nil {
				got[1] = strings.TrimPrefix(err.Error(),
					fmt.Sprintf("%v %q: ", ErrUnusableServiceTag, tc.raw))
			}

			if diff := cmp.Diff([2]string{tc.tag, tc.reason}, got); diff != "" {
				t.Errorf("CheckServiceTag(%q) tag and reason (-want +got):\n%s", tc.raw, diff)
			}
		})
	}
}
