package omesim

import "slices"

// dataset returns the devices currently served.
func (s *Server) dataset() *dataset { return s.data.Load() }

// AddDevices adds devices to the collection while the server runs, for
// tests of listings that change between pages. It panics on an Id that is
// already served.
func (s *Server) AddDevices(devs ...Device) {
	s.mu.Lock()
	defer s.mu.Unlock()

	next := append(slices.Clone(s.devices), devs...)
	s.data.Store(newDataset(next))
	s.devices = next
}

// RemoveDevices removes the devices with the given Ids while the server
// runs; unknown Ids are ignored.
func (s *Server) RemoveDevices(ids ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()

	next := slices.DeleteFunc(slices.Clone(s.devices), func(d Device) bool {
		return slices.Contains(ids, d.ID())
	})
	s.data.Store(newDataset(next))
	s.devices = next
}
