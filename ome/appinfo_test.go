package ome

import (
	"encoding/json"
	"testing"
)

func TestCodeAcceptsNumberAndString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Code
	}{
		{`{"ProductType": 1}`, "1"},
		{`{"ProductType": "OME"}`, "OME"},
		{`{"ProductType": null}`, ""},
	}
	for _, tt := range tests {
		var info ApplicationInfo
		if err := json.Unmarshal([]byte(tt.in), &info); err != nil {
			t.Fatalf("Unmarshal(%s): %v", tt.in, err)
		}
		if info.ProductType != tt.want {
			t.Errorf("Unmarshal(%s).ProductType = %q, want %q", tt.in, info.ProductType, tt.want)
		}
	}

	var info ApplicationInfo
	if err := json.Unmarshal([]byte(`{"ProductType": [1]}`), &info); err == nil {
		t.Error("an array for ProductType decoded without an error")
	}
}
