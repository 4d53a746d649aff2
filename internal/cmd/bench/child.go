package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"
)

// child is a process of this binary in another role, talking JSON lines.
type child struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Reader
	done bool
	cpu  time.Duration
}

// startChild starts this binary with args; its stderr is ours.
func startChild(ctx context.Context, args []string) (*child, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find this program: %w", err)
	}

	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}

	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}

	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", args[0], err)
	}

	return &child{cmd: cmd, in: in, out: bufio.NewReaderSize(out, 1<<20)}, nil
}

// read decodes the child's next line into v.
func (c *child) read(v any) error {
	line, err := c.out.ReadBytes('\n')
	if err != nil {
		return fmt.Errorf("read from %s: %w", c.cmd.Args[1], err)
	}

	return json.Unmarshal(line, v)
}

// ask sends a command line and decodes the answer into v.
func (c *child) ask(cmd string, v any) error {
	if _, err := fmt.Fprintln(c.in, cmd); err != nil {
		return err
	}

	return c.read(v)
}

// stop closes the child's input, waits for it, and keeps the CPU time it
// used. It may be called more than once.
func (c *child) stop() error {
	if c.done {
		return nil
	}

	c.done = true
	_ = c.in.Close()
	err := c.cmd.Wait()
	if ps := c.cmd.ProcessState; ps != nil {
		c.cpu = ps.UserTime() + ps.SystemTime()
	}

	return err
}
