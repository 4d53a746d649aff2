package ome

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"time"

	"golang.org/x/time/rate"
)

// errTODO marks calls that are not written yet.
var errTODO = errors.New("ome: not implemented yet")

// Client talks to one OME appliance with one session.
// TODO: everything behind these signatures.
type Client struct {
	// Devices lists and reads devices.
	Devices *DevicesService
	// Inventory reads device inventory.
	Inventory *InventoryService
	// Groups lists groups and their devices.
	Groups *GroupsService
}

// Option configures a Client.
type Option func(*Client) error

// RetryPolicy bounds retries of idempotent requests.
type RetryPolicy struct {
	MaxRetries int
	MinBackoff time.Duration
	MaxBackoff time.Duration
}

// NewClient returns a client for the appliance at baseURL (https://host[:port]).
// It does no I/O.
func NewClient(baseURL string, opts ...Option) (*Client, error) { return nil, errTODO }

// WithCredentials sets the user name and password used to log in.
func WithCredentials(username, password string) Option { return nil }

// WithBasicAuth sends HTTP Basic credentials on every request instead of a session.
func WithBasicAuth() Option { return nil }

// WithHTTPClient uses a copy of hc for every request (TLS settings, timeout, proxy).
func WithHTTPClient(hc *http.Client) Option { return nil }

// WithRateLimiter waits on l before every request.
func WithRateLimiter(l *rate.Limiter) Option { return nil }

// WithRetry sets the retry policy.
func WithRetry(p RetryPolicy) Option { return nil }

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option { return nil }

// WithPageSize sets $top for listings (default 100).
func WithPageSize(n int) Option { return nil }

// WithMaxPages caps the pages one listing may read.
func WithMaxPages(n int) Option { return nil }

// Login opens the session; other calls log in on first use.
func (c *Client) Login(ctx context.Context) error { return errTODO }

// Close logs out of the session, if one is open.
func (c *Client) Close(ctx context.Context) error { return errTODO }

// Requests returns how many HTTP requests the client has sent, retries and logins included.
func (c *Client) Requests() int64 { return 0 }

// ApplicationInfo is the appliance's product and version.
type ApplicationInfo struct {
	Name        string `json:"Name"`
	Description string `json:"Description"`
	Vendor      string `json:"Vendor"`
	ProductType string `json:"ProductType"`
	Version     string `json:"Version"`
	BuildNumber string `json:"BuildNumber"`
}

// Info returns the appliance's version.
//
// GET /api/ApplicationService/Info
func (c *Client) Info(ctx context.Context) (*ApplicationInfo, error) { return nil, errTODO }

// Filter is an OData $filter expression built with Eq, Ne, Contains, And and Or.
type Filter struct{ expr string }

// String returns the expression text.
func (f Filter) String() string { return f.expr }

// Eq compares field with a literal (an integer, a bool or a string, which is quoted).
func Eq(field string, value any) Filter { return Filter{} }

// Ne is the negation of Eq.
func Ne(field string, value any) Filter { return Filter{} }

// Contains matches a substring of a string field.
func Contains(field, s string) Filter { return Filter{} }

// And joins filters that must all hold.
func And(fs ...Filter) Filter { return Filter{} }

// Or joins filters of which one must hold.
func Or(fs ...Filter) Filter { return Filter{} }

// ListOptions selects and orders a listing.
type ListOptions struct {
	Top     int    `url:"$top,omitempty"`
	Skip    int    `url:"$skip"`
	Filter  Filter `url:"$filter,omitempty"`
	OrderBy string `url:"$orderby,omitempty"`
}

// DevicePage is one page of a device listing.
type DevicePage struct {
	Count    int
	NextLink string
	Devices  []Device
}

// DevicesService reads devices.
type DevicesService struct{ c *Client }

// List reads one page.
//
// GET /api/DeviceService/Devices
func (s *DevicesService) List(ctx context.Context, opts *ListOptions) (*DevicePage, error) {
	return nil, errTODO
}

// All yields every device, page by page.
//
// GET /api/DeviceService/Devices
func (s *DevicesService) All(ctx context.Context, opts *ListOptions) iter.Seq2[Device, error] {
	return func(func(Device, error) bool) {}
}

// Get reads one device.
//
// GET /api/DeviceService/Devices(id)
func (s *DevicesService) Get(ctx context.Context, id int64) (*Device, error) { return nil, errTODO }

// GetByServiceTag finds the device with this service tag.
//
// GET /api/DeviceService/Devices?$filter=DeviceServiceTag eq 'TAG'
func (s *DevicesService) GetByServiceTag(ctx context.Context, tag string) (*Device, error) {
	return nil, errTODO
}

// InventoryService reads inventory.
type InventoryService struct{ c *Client }

// Get reads a device's inventory: with no types, in one request for all
// sections; with types, one request per type, a type that does not apply
// reading as absent.
//
// GET /api/DeviceService/Devices(id)/InventoryDetails
// GET /api/DeviceService/Devices(id)/InventoryDetails('type')
func (s *InventoryService) Get(ctx context.Context, deviceID int64, types ...InventoryType) (*Inventory, error) {
	return nil, errTODO
}

// Group is an OME device group.
type Group struct {
	ID   int64  `json:"Id"`
	Name string `json:"Name"`
}

// GroupsService reads groups.
type GroupsService struct{ c *Client }

// All yields every group.
//
// GET /api/GroupService/Groups
func (s *GroupsService) All(ctx context.Context, opts *ListOptions) iter.Seq2[Group, error] {
	return func(func(Group, error) bool) {}
}

// Devices yields the devices of a group.
//
// GET /api/GroupService/Groups(id)/Devices
func (s *GroupsService) Devices(ctx context.Context, groupID int64, opts *ListOptions) iter.Seq2[Device, error] {
	return func(func(Device, error) bool) {}
}
