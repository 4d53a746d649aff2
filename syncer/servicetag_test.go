package syncer

import (
	"errors"
	"testing"
)

func TestCheckServiceTag(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw    string
		want   string
		usable bool
	}{
		{"7QZ4K2M", "7QZ4K2M", true},
		{" tst1701 ", "TST1701", true},
		{"\tTST1702\n", "TST1702", true},
		{"ab123", "AB123", true},
		{"SN1234567890ABCDEFGH", "SN1234567890ABCDEFGH", true},
		{"", "", false},
		{"   \t", "", false},
		{"N/A", "N/A", false},
		{"na", "NA", false},
		{"None", "NONE", false},
		{"NULL", "NULL", false},
		{"Unknown", "UNKNOWN", false},
		{"0", "0", false},
		{"0000000", "0000000", false},
		{"XXXXXXX", "XXXXXXX", false},
		{"To Be Filled By O.E.M.", "TO BE FILLED BY O.E.M.", false},
		{"Default string", "DEFAULT STRING", false},
		{"Not Specified", "NOT SPECIFIED", false},
		{"System Serial Number", "SYSTEM SERIAL NUMBER", false},
		{"123456789", "123456789", false},
		{"ABC-123", "ABC-123", false},
		{"ABC 1234", "ABC 1234", false},
		{"ÄBC1234", "ÄBC1234", false},
		{"ABC1", "ABC1", false},
		{"SN1234567890ABCDEFGHI", "SN1234567890ABCDEFGHI", false},
	}
	for _, tc := range tests {
		t.Run(tc.raw, func(t *testing.T) {
			t.Parallel()
			got, err := CheckServiceTag(tc.raw)
			if got != tc.want {
				t.Errorf("CheckServiceTag(%q) tag = %q, want %q", tc.raw, got, tc.want)
			}

			if tc.usable != (err == nil) {
				t.Errorf("CheckServiceTag(%q) err = %v, want usable %v", tc.raw, err, tc.usable)
			}

			if err != nil && !errors.Is(err, ErrUnusableServiceTag) {
				t.Errorf("CheckServiceTag(%q) err = %v, does not match ErrUnusableServiceTag", tc.raw, err)
			}
		})
	}
}
