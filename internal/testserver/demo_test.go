package testserver

import (
	"bytes"
	"io"
	"log"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
)

// lockedBuffer is a bytes.Buffer safe for the server's goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()

	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()

	return b.buf.String()
}

// TestDemoOMEPrintsNoServerErrors sends the demo's OME bytes that fail the
// TLS handshake, which net/http reports on its error log (the standard
// logger unless set), and checks that nothing reaches the standard log.
// It is not parallel: it redirects the standard logger.
func TestDemoOMEPrintsNoServerErrors(t *testing.T) {
	var logged lockedBuffer
	log.SetOutput(&logged)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })

	d, err := StartDemo(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()

	conn, err := net.Dial("tcp", strings.TrimPrefix(d.OMEURL, "https://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()

	if _, err := conn.Write([]byte{0, 1, 2, 3, 4, 5, 6, 7}); err != nil {
		t.Fatal(err)
	}

	_, _ = io.Copy(io.Discard, conn) // the server closes after its failed handshake

	if got := logged.String(); got != "" {
		t.Errorf("the demo's OME server wrote to the standard log:\n%s", got)
	}
}
