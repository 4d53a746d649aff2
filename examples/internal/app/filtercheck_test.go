package app

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckFilters(t *testing.T) {
	t.Parallel()
	tests := []struct {
		f       Filters
		wantSub string // "" means valid
	}{
		{Filters{}, ""},
		{Filters{Types: []int{1000}, Model: "R6", ModelRegexp: "^R[67]", NameRegexp: "esx",
			ServiceTags: []string{"A1"}, Group: "g"}, ""},
		{Filters{ModelRegexp: "("}, "--model-regexp: error parsing regexp"},
		{Filters{NameRegexp: "[z-a]"},
			"--name-regexp: error parsing regexp: invalid character class range"},
	}
	for _, tt := range tests {
		err := CheckFilters(&tt.f)
		if tt.wantSub == "" {
			if err != nil {
				t.Errorf("CheckFilters(%+v) = %v, want nil", tt.f, err)
			}

			continue
		}

		if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tt.wantSub) {
			t.Errorf("CheckFilters(%+v) = %v, want ErrConfig with %q", tt.f, err, tt.wantSub)
		}
	}
}
