package files

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"
)

// Clamd scans files with a ClamAV daemon over its INSTREAM command.
type Clamd struct {
	Network string        // "tcp" or "unix"
	Address string        // "127.0.0.1:3310" or "/run/clamav/clamd.ctl"
	Timeout time.Duration // for each step: dial, each chunk, the reply; 0 means a minute
}

// chunkSize is the size of the INSTREAM chunks sent; clamd takes any size up
// to its StreamMaxLength in total.
const chunkSize = 32 << 10

// Ping checks that clamd answers.
func (c Clamd) Ping(ctx context.Context) error {
	conn, err := c.dial(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if err := c.write(ctx, conn, []byte("zPING\x00")); err != nil {
		return fmt.Errorf("ping clamd: %w", err)
	}
	reply, err := c.reply(ctx, conn, c.timeout())
	if err != nil {
		return fmt.Errorf("ping clamd: %w", err)
	}
	if reply != "PONG" {
		return fmt.Errorf("ping clamd: unexpected reply %q", reply)
	}
	return nil
}

// Scan streams r to clamd and returns its verdict. A file that clamd refuses
// to scan (too large for its StreamMaxLength, for one) is an error, not a
// verdict: the caller decides whether to take it unscanned.
func (c Clamd) Scan(ctx context.Context, r io.Reader) (Verdict, error) {
	conn, err := c.dial(ctx)
	if err != nil {
		return Verdict{}, err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	if err := c.send(ctx, conn, r); err != nil {
		// When clamd hung up, it may have said why before.
		var re readError
		if errors.As(err, &re) {
			return Verdict{}, fmt.Errorf("scan with clamd: %w", err)
		}
		if reply, rerr := c.reply(ctx, conn, time.Second); rerr == nil && reply != "" {
			err = fmt.Errorf("%s (%w)", reply, err)
		}
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return Verdict{}, fmt.Errorf("scan with clamd: %w", err)
	}
	reply, err := c.reply(ctx, conn, c.timeout())
	if err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return Verdict{}, fmt.Errorf("scan with clamd: %w", err)
	}
	v, err := parseReply(reply)
	if err != nil {
		return Verdict{}, fmt.Errorf("scan with clamd: %w", err)
	}
	return v, nil
}

// send writes the INSTREAM command, r in length-prefixed chunks, and the
// zero-length chunk that ends the stream.
func (c Clamd) send(ctx context.Context, conn net.Conn, r io.Reader) error {
	if err := c.write(ctx, conn, []byte("zINSTREAM\x00")); err != nil {
		return err
	}
	buf := make([]byte, 4+chunkSize)
	for {
		n, rerr := io.ReadFull(r, buf[4:])
		if n > 0 {
			binary.BigEndian.PutUint32(buf[:4], uint32(n))
			if err := c.write(ctx, conn, buf[:4+n]); err != nil {
				return err
			}
		}
		if errors.Is(rerr, io.EOF) || errors.Is(rerr, io.ErrUnexpectedEOF) {
			break
		}
		if rerr != nil {
			return readError{rerr}
		}
	}
	return c.write(ctx, conn, []byte{0, 0, 0, 0})
}

// readError is a failure to read the file, not to talk to clamd.
type readError struct{ err error }

func (e readError) Error() string { return "read file: " + e.err.Error() }
func (e readError) Unwrap() error { return e.err }

func (c Clamd) dial(ctx context.Context) (net.Conn, error) {
	d := net.Dialer{Timeout: c.timeout()}
	conn, err := d.DialContext(ctx, c.Network, c.Address)
	if err != nil {
		return nil, fmt.Errorf("connect to clamd at %s %s: %w", c.Network, c.Address, err)
	}
	return conn, nil
}

// write writes b within the timeout. The deadline is set before ctx is
// looked at, so that a cancellation either shows here or, through the
// AfterFunc that moves the deadline into the past, fails the write.
func (c Clamd) write(ctx context.Context, conn net.Conn, b []byte) error {
	if err := conn.SetWriteDeadline(time.Now().Add(c.timeout())); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	_, err := conn.Write(b)
	return err
}

// reply reads one NUL-terminated reply, waiting at most wait, and returns
// it without the NUL and the spaces around it.
func (c Clamd) reply(ctx context.Context, conn net.Conn, wait time.Duration) (string, error) {
	if err := conn.SetReadDeadline(time.Now().Add(wait)); err != nil {
		return "", err
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	s, err := bufio.NewReader(io.LimitReader(conn, 4096)).ReadString(0)
	if err != nil && !(errors.Is(err, io.EOF) && s != "") {
		return "", fmt.Errorf("read reply: %w", err)
	}
	return strings.TrimSpace(strings.TrimRight(s, "\x00")), nil
}

func (c Clamd) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return time.Minute
}

// parseReply reads "stream: OK", "stream: <signature> FOUND" or
// "<message> ERROR".
func parseReply(reply string) (Verdict, error) {
	_, rest, ok := strings.Cut(reply, ": ")
	if !ok {
		rest = reply
	}
	switch {
	case strings.HasSuffix(reply, " ERROR"):
		return Verdict{}, fmt.Errorf("clamd: %s", reply)
	case rest == "OK":
		return Verdict{Clean: true, Scanned: true}, nil
	case strings.HasSuffix(rest, " FOUND"):
		sig := strings.TrimSuffix(rest, " FOUND")
		return Verdict{Scanned: true, Signature: sig}, nil
	}
	return Verdict{}, fmt.Errorf("clamd: unexpected reply %q", reply)
}
