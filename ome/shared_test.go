package ome

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// sharedDir finds ../shared next to the directory holding go.work, or
// skips the test.
func sharedDir(t *testing.T, sub string) string {
	t.Helper()

	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("getwd: %v", err)
	}

	for {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			break
		}

		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no go.work above the package; ../shared is not reachable")
		}
		dir = parent
	}

	p := filepath.Join(dir, "..", "shared", sub)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared material %s is absent: %v", p, err)
	}
	return p
}

// readShared reads a file below ../shared, or skips the test.
func readShared(t *testing.T, name string) []byte {
	t.Helper()

	b, err := os.ReadFile(filepath.Join(sharedDir(t, ""), name))
	if err != nil {
		t.Skipf("shared file %s is absent: %v", name, err)
	}
	return b
}

// caseFile is the JSON form of a field case in ../shared/cases.
type caseFile struct {
	Case      string         `json:"case"`
	Exchanges []caseExchange `json:"exchanges"`
	Variants  []caseVariant  `json:"variants"`
	Expected  json.RawMessage
}

// caseExchange is one request and its answer.
type caseExchange struct {
	Request struct {
		Method string `json:"method"`
		Path   string `json:"path"`
	} `json:"request"`
	Response caseResponse `json:"response"`
}

// caseResponse is what the simulator answers.
type caseResponse struct {
	Status      int             `json:"status"`
	ContentType string          `json:"content_type"`
	Body        json.RawMessage `json:"body"`
	BodyText    *string         `json:"body_text"`
}

// caseVariant is an extra input of the same fault class.
type caseVariant struct {
	Name     string          `json:"name"`
	Request  json.RawMessage `json:"request"`
	Response *caseResponse   `json:"response"`
	SizesMB  []int64         `json:"sizes_mb"`
	Sizes    []string        `json:"sizes"`
	Expected json.RawMessage `json:"expected"`
	GB       *int64          `json:"expected_memory_gb"`
}

// loadCase reads and decodes cases/<name>.
func loadCase(t *testing.T, name string) caseFile {
	t.Helper()

	var cf caseFile
	if err := json.Unmarshal(readShared(t, filepath.Join("cases", name)), &cf); err != nil {
		t.Fatalf("case %s: %v", name, err)
	}
	return cf
}
