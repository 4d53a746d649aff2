package ome

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

// The tests in this file replay the field cases in ../shared/cases and skip
// when that folder is absent; the same rules are also tested with inline
// data elsewhere (see the test names in each comment).

// httpResponse builds a fresh response from the case's answer.
func (r caseResponse) httpResponse() *http.Response {
	body := []byte(r.Body)
	if r.BodyText != nil {
		body = []byte(*r.BodyText)
	}

	resp := httpmock.NewBytesResponse(r.Status, body)
	resp.Header.Set("Content-Type", r.ContentType)
	return resp
}

// replay answers the n-th request with the n-th exchange and records the queries.
func replay(t *testing.T, exs []caseExchange, queries *[]string) httpmock.Responder {
	return func(r *http.Request) (*http.Response, error) {
		*queries = append(*queries, r.URL.RawQuery)
		n := len(*queries) - 1
		if n >= len(exs) {
			t.Errorf("request %d (%s) beyond the case's %d exchanges", n+1, r.URL, len(exs))
			n = len(exs) - 1
		}
		return exs[n].Response.httpResponse(), nil
	}
}

// pagingExpected is the expected block of the paging cases.
type pagingExpected struct {
	IDs          []int64 `json:"devices_returned_ids"`
	RequestsMade int     `json:"requests_made"`
	MaxRequests  int     `json:"max_requests"`
}

// TestCasesPaging replays B02, B03 and B04 (inline: TestAllSendsFilterAndOrderOnEveryPage,
// TestPagerStops, TestAllAdvancesByItemsReceived).
func TestCasesPaging(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file     string
		pageSize int
		opts     *ListOptions
	}{
		{"B02-filter-path-no-paging.json", 2, &ListOptions{Filter: Eq("Type", 1000)}},
		{"B03-nextlink-with-top.json", 100, &ListOptions{Top: 1000}},
		{"B04-assumed-page-size.json", 100, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file[:3], func(t *testing.T) {
			t.Parallel()
			cf := loadCase(t, tt.file)
			var want pagingExpected
			if err := json.Unmarshal(cf.Expected, &want); err != nil {
				t.Fatalf("expected: %v", err)
			}

			c, mt, _ := newTestClient(t, WithBasicAuth(), WithPageSize(tt.pageSize))
			var queries []string
			mt.RegisterResponder(http.MethodGet, testBase+devicesPath, replay(t, cf.Exchanges, &queries))

			ids, err := collectIDs(c.Devices.All(t.Context(), tt.opts))
			if err != nil {
				t.Fatalf("All: %v", err)
			}

			if diff := cmp.Diff(want.IDs, ids); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}

			checkRequests(t, want, queries, tt.opts)
		})
	}
}

// checkRequests compares the request count with the case and checks that
// the filter went out on every page.
func checkRequests(t *testing.T, want pagingExpected, queries []string, opts *ListOptions) {
	t.Helper()
	n := len(queries)
	if (want.RequestsMade > 0 && n != want.RequestsMade) || (want.MaxRequests > 0 && n > want.MaxRequests) {
		t.Errorf("requests = %d, want %d (at most %d)", n, want.RequestsMade, want.MaxRequests)
	}

	for _, q := range queries {
		if opts != nil && !opts.Filter.IsZero() && !strings.Contains(q, "$filter=Type%20eq%201000") {
			t.Errorf("page query %q lacks the filter", q)
		}
	}
}

// TestCaseB04Variants runs B04's page-size variants through the pager.
func TestCaseB04Variants(t *testing.T) {
	t.Parallel()
	cf := loadCase(t, "B04-assumed-page-size.json")
	for _, v := range cf.Variants {
		var spec struct {
			Count      int `json:"count"`
			ServerPage int `json:"server_page_size"`
			Expect     int `json:"expect_requests"`
		}
		if err := json.Unmarshal(mustVariantJSON(t, cf.Case, v.Name), &spec); err != nil {
			t.Fatalf("variant %s: %v", v.Name, err)
		}

		serverPage := map[string]int{"server-page-size-50": 50, "server-page-size-100": 100}[v.Name]
		if spec.ServerPage > 0 {
			serverPage = spec.ServerPage
		}

		c, mt, _ := newTestClient(t, WithBasicAuth())
		ids := seqIDs(1, spec.Count)
		mt.RegisterResponder(http.MethodGet, testBase+devicesPath, pagedDevices(ids, serverPage, nil))
		got, err := collectIDs(c.Devices.All(t.Context(), nil))
		if err != nil || !cmp.Equal(ids, got) || mt.GetTotalCallCount() != spec.Expect {
			t.Errorf("variant %s: %d ids, %v, %d requests; want %d ids in %d requests",
				v.Name, len(got), err, mt.GetTotalCallCount(), spec.Count, spec.Expect)
		}
	}
}

// mustVariantJSON returns the raw JSON of a named variant of a case.
func mustVariantJSON(t *testing.T, caseID, name string) []byte {
	t.Helper()
	var raw struct {
		Variants []json.RawMessage `json:"variants"`
	}
	file := map[string]string{"B04": "B04-assumed-page-size.json", "B21": "B21-memory-units.json"}[caseID]
	if err := json.Unmarshal(readShared(t, "cases/"+file), &raw); err != nil {
		t.Fatalf("case %s: %v", caseID, err)
	}

	for _, v := range raw.Variants {
		var n struct{ Name string }
		if json.Unmarshal(v, &n) == nil && n.Name == name {
			return v
		}
	}
	t.Fatalf("case %s has no variant %s", caseID, name)
	return nil
}

// TestCaseB09 replays the HTML bodies (inline: TestNonJSONBodies).
func TestCaseB09(t *testing.T) {
	t.Parallel()
	cf := loadCase(t, "B09-html-error-body.json")
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder(http.MethodPost, testBase+sessionsPath,
		func(*http.Request) (*http.Response, error) { return cf.Exchanges[0].Response.httpResponse(), nil })

	err := c.Login(t.Context())
	checkErrText(t, err, []error{ErrNotFound, ErrNotJSON},
		[]string{"404", "text/html", "does not look like an OME API", "No such path"})

	for _, v := range cf.Variants {
		c, mt, _ := newTestClient(t, WithBasicAuth())
		mt.RegisterResponder(http.MethodGet, testBase+devicesPath,
			func(*http.Request) (*http.Response, error) { return v.Response.httpResponse(), nil })

		ids, err := collectIDs(c.Devices.All(t.Context(), nil))
		if err == nil || len(ids) != 0 {
			t.Errorf("variant %s: %v, %v; want an error and no devices", v.Name, ids, err)
			continue
		}

		checkErrText(t, err, []error{ErrNotJSON}, nil)
		if wantCalls := map[bool]int{true: 4, false: 1}[v.Response.Status == 502]; mt.GetTotalCallCount() != wantCalls {
			t.Errorf("variant %s: %d calls, want %d", v.Name, mt.GetTotalCallCount(), wantCalls)
		}
	}
}

// inventoryRecord is the part of B10's expected records the ome package decides.
type inventoryRecord struct {
	DeviceID int64   `json:"device_id"`
	CPUCount *int    `json:"cpu_count"`
	MemoryGB *int64  `json:"memory_gb"`
	BIOS     *string `json:"bios_version"`
	IDRAC    *string `json:"idrac_firmware"`
}

// TestCaseB10 replays the inventory sections (inline: TestInventoryGetAll,
// TestInventoryPerTypeNotApplicable, TestInstalledVersions).
func TestCaseB10(t *testing.T) {
	t.Parallel()
	cf := loadCase(t, "B10-inventory-section-missing.json")
	var want struct {
		Records []inventoryRecord `json:"records"`
	}
	if err := json.Unmarshal(cf.Expected, &want); err != nil {
		t.Fatalf("expected: %v", err)
	}

	c, mt, _ := newTestClient(t, WithBasicAuth())
	for _, ex := range cf.Exchanges {
		resp := ex.Response
		mt.RegisterResponder(ex.Request.Method, testBase+ex.Request.Path,
			func(*http.Request) (*http.Response, error) { return resp.httpResponse(), nil })
	}

	var got []inventoryRecord
	for _, w := range want.Records {
		var types []InventoryType
		if w.DeviceID == 1003 {
			types = []InventoryType{InventoryProcessors}
		}

		inv, err := c.Inventory.Get(t.Context(), w.DeviceID, types...)
		if err != nil {
			t.Fatalf("device %d: %v", w.DeviceID, err)
		}
		got = append(got, summarise(t, inv))
	}

	if diff := cmp.Diff(want.Records, got); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
}

// summarise derives B10's fields, absent as nil, never 0 or "".
func summarise(t *testing.T, inv *Inventory) inventoryRecord {
	t.Helper()
	r := inventoryRecord{DeviceID: inv.DeviceID}
	if n := len(inv.Processors); n > 0 {
		r.CPUCount = &n
	}

	if len(inv.Memory) > 0 {
		mb, err := TotalMemoryMB(inv.Memory)
		if err != nil {
			t.Fatalf("memory: %v", err)
		}
		gb := mb / 1024
		r.MemoryGB = &gb
	}

	if v, ok := inv.BIOSVersion(); ok {
		r.BIOS = &v
	}

	if v, ok := inv.IDRACVersion(); ok {
		r.IDRAC = &v
	}
	return r
}

// TestCaseB12 lists the management shapes (inline: TestManagementAddresses).
func TestCaseB12(t *testing.T) {
	t.Parallel()
	cf := loadCase(t, "B12-device-management-shapes.json")
	type record struct {
		DeviceID int64   `json:"device_id"`
		IP       *string `json:"ip_address"`
	}
	var want struct {
		Records []record `json:"records"`
	}
	if err := json.Unmarshal(cf.Expected, &want); err != nil {
		t.Fatalf("expected: %v", err)
	}

	c, mt, _ := newTestClient(t, WithBasicAuth())
	var queries []string
	mt.RegisterResponder(http.MethodGet, testBase+devicesPath, replay(t, cf.Exchanges, &queries))

	got := []record{}
	for d, err := range c.Devices.All(t.Context(), nil) {
		if err != nil {
			t.Fatalf("All: %v", err)
		}

		r := record{DeviceID: d.ID}
		if a, ok := d.ManagementIP(); ok {
			ip := a.String()
			r.IP = &ip
		}
		got = append(got, r)
	}

	if diff := cmp.Diff(want.Records, got); diff != "" || len(got) == 0 {
		t.Errorf("%d devices, ip addresses (-want +got):\n%s", len(got), diff)
	}
}

// TestCaseB21 replays the memory units (inline: TestTotalMemory, TestMemorySize).
func TestCaseB21(t *testing.T) {
	t.Parallel()
	cf := loadCase(t, "B21-memory-units.json")
	c, mt, _ := newTestClient(t, WithBasicAuth())
	ex := cf.Exchanges[0]
	mt.RegisterResponder(http.MethodGet, testBase+ex.Request.Path,
		func(*http.Request) (*http.Response, error) { return ex.Response.httpResponse(), nil })

	inv, err := c.Inventory.Get(t.Context(), 2101, InventoryMemory)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}

	var want struct {
		GB int64 `json:"memory_gb"`
	}
	_ = json.Unmarshal(cf.Expected, &want)
	if mb, err := TotalMemoryMB(inv.Memory); err != nil || mb/1024 != want.GB {
		t.Errorf("memory = %d MB, %v; want %d GB", mb, err, want.GB)
	}

	for _, v := range cf.Variants {
		checkB21Variant(t, v)
	}
}

// checkB21Variant sums a variant's sizes.
func checkB21Variant(t *testing.T, v caseVariant) {
	t.Helper()
	var sizes []string
	for _, mb := range v.SizesMB {
		sizes = append(sizes, string(mustJSON(mb)))
	}

	for _, s := range v.Sizes {
		sizes = append(sizes, string(mustJSON(s)))
	}

	mem := dimms(t, sizes...)
	mb, err := TotalMemoryMB(mem)
	if len(mem) == 0 {
		if v.GB != nil || !errors.Is(err, ErrNoMemory) {
			t.Errorf("variant %s: %d MB, %v; want ErrNoMemory and memory_gb null", v.Name, mb, err)
		}
		return
	}

	switch {
	case err != nil:
		t.Errorf("variant %s: %v", v.Name, err)
	case v.GB == nil && len(v.Sizes) == 0 && len(mem) != 0:
		t.Errorf("variant %s: no expected total for %d entries", v.Name, len(mem))
	case v.GB != nil && mb/1024 != *v.GB:
		t.Errorf("variant %s: %d MB, want %d GB", v.Name, mb, *v.GB)
	case len(v.Sizes) > 0 && mb != int64(len(v.Sizes))*16384:
		t.Errorf("variant %s: %d MB, want 16 GB per module", v.Name, mb)
	}
}

// txtExchanges reads the "-> request" and "<- status body" lines of a .txt case.
func txtExchanges(t *testing.T, name string) (sent, answers []string) {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(readShared(t, "cases/"+name)))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "-> "):
			sent = append(sent, strings.TrimPrefix(line, "-> "))
		case strings.HasPrefix(line, "<- "):
			answers = append(answers, strings.TrimPrefix(line, "<- "))
		}
	}
	return sent, answers
}

// jsonTail returns the JSON object at the end of a case line.
func jsonTail(line string) string {
	if i := strings.Index(line, "{"); i >= 0 {
		return line[i:]
	}
	return ""
}

// TestCaseB06 replays the session-limit login (inline: TestSessionLimit).
func TestCaseB06(t *testing.T) {
	t.Parallel()
	sent, answers := txtExchanges(t, "B06-session-limit.txt")
	var login loginRequest
	if err := json.Unmarshal([]byte(jsonTail(sent[0])), &login); err != nil {
		t.Fatalf("login line: %v", err)
	}

	var limit string
	for _, a := range answers {
		if strings.HasPrefix(a, "400") {
			limit = jsonTail(a)
		}
	}

	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodPost, testBase+sessionsPath, func(r *http.Request) (*http.Response, error) {
		var got loginRequest
		if err := json.NewDecoder(r.Body).Decode(&got); err != nil || got != login {
			t.Errorf("login body %+v, %v; want %+v", got, err, login)
		}
		return jsonResponse(http.StatusBadRequest, json.RawMessage(limit)), nil
	})
	c, err := NewClient(testBase, WithCredentials(login.UserName, login.Password),
		WithHTTPClient(&http.Client{Transport: mt}))
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}

	err = c.Login(t.Context())
	if err == nil || strings.Contains(err.Error(), login.Password) || mt.GetTotalCallCount() != 1 {
		t.Fatalf("Login = %v after %d calls; want one refused login", err, mt.GetTotalCallCount())
	}
	checkErrText(t, err, []error{ErrSessionLimit}, []string{"CURS1209", "log out"})
}

// TestCaseB07 replays the mid-run expiry (inline: TestReloginReplaysSamePage).
func TestCaseB07(t *testing.T) {
	t.Parallel()
	_, answers := txtExchanges(t, "B07-token-expiry-mid-run.txt")
	var pages []string
	var expired string
	for _, a := range answers {
		switch {
		case strings.HasPrefix(a, "200 "):
			pages = append(pages, jsonTail(a))
		case strings.HasPrefix(a, "401 "):
			expired = jsonTail(a)
		}
	}

	c, mt, _ := newTestClient(t, WithPageSize(2))
	fs := registerSessions(t, mt)
	var queries []string
	mt.RegisterResponder(http.MethodGet, testBase+devicesPath, func(r *http.Request) (*http.Response, error) {
		queries = append(queries, r.Header.Get("X-Auth-Token")+" "+r.URL.RawQuery)
		if len(queries) == 3 {
			return jsonResponse(http.StatusUnauthorized, json.RawMessage(expired)), nil
		}
		page := map[int]int{1: 0, 2: 1, 4: 2}[len(queries)]
		return jsonResponse(http.StatusOK, json.RawMessage(pages[page])), nil
	})

	ids, err := collectIDs(c.Devices.All(t.Context(), nil))
	if cerr := c.Close(t.Context()); err != nil || cerr != nil {
		t.Fatalf("All: %v, Close: %v", err, cerr)
	}

	if diff := cmp.Diff(seqIDs(701, 5), ids); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}

	if fs.logins != 2 || !cmp.Equal([]string{"sess-2"}, fs.logouts) || queries[3] != "tok-2 $skip=4&$top=2" {
		t.Errorf("logins %d, logouts %v, requests %q", fs.logins, fs.logouts, queries)
	}
}
