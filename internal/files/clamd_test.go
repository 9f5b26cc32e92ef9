package files

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClamd speaks enough of clamd's protocol for the tests: zPING and
// zINSTREAM, flagging content that holds the EICAR test string.
type fakeClamd struct {
	limit  int  // StreamMaxLength; 0 means none
	hangUp bool // close the connection right after the command
}

// start serves on a loopback port until the test ends and returns a Clamd
// that talks to it.
func (f fakeClamd) start(t *testing.T) Clamd {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() {
				defer conn.Close()
				f.serve(conn)
			})
		}
	})
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	return Clamd{Network: "tcp", Address: ln.Addr().String(), Timeout: 5 * time.Second}
}

func (f fakeClamd) serve(conn net.Conn) {
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(conn)
	cmd, err := r.ReadString(0)
	if err != nil || f.hangUp {
		return
	}
	switch cmd {
	case "zPING\x00":
		conn.Write([]byte("PONG\x00"))
	case "zINSTREAM\x00":
		var data bytes.Buffer
		for {
			var n uint32
			if err := binary.Read(r, binary.BigEndian, &n); err != nil {
				return
			}
			if n == 0 {
				break
			}
			if f.limit > 0 && data.Len()+int(n) > f.limit {
				conn.Write([]byte("INSTREAM size limit exceeded. ERROR\x00"))
				return
			}
			if _, err := io.CopyN(&data, r, int64(n)); err != nil {
				return
			}
		}
		if bytes.Contains(data.Bytes(), []byte(eicar)) {
			conn.Write([]byte("stream: Win.Test.EICAR_HDB-1 FOUND\x00"))
			return
		}
		conn.Write([]byte("stream: OK\x00"))
	default:
		conn.Write([]byte("UNKNOWN COMMAND\x00"))
	}
}

func TestClamdScansAStream(t *testing.T) {
	t.Parallel()
	c := fakeClamd{}.start(t)
	ctx := t.Context()
	big := bytes.Repeat([]byte("lupahakemus "), 20_000) // several chunks

	tests := []struct {
		name    string
		content []byte
		want    Verdict
	}{
		{"a clean file is clean", []byte(minimalPDF), Verdict{Clean: true, Scanned: true}},
		{"a file of many chunks is clean", big, Verdict{Clean: true, Scanned: true}},
		{"an empty stream is clean", nil, Verdict{Clean: true, Scanned: true}},
		{"the EICAR file is found", []byte(eicar), Verdict{Scanned: true, Signature: "Win.Test.EICAR_HDB-1"}},
		{"EICAR after the first chunk is found", append(big, eicar...), Verdict{Scanned: true, Signature: "Win.Test.EICAR_HDB-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.Scan(ctx, bytes.NewReader(tt.content))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Scan = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestClamdPings(t *testing.T) {
	t.Parallel()
	if err := (fakeClamd{}.start(t)).Ping(t.Context()); err != nil {
		t.Errorf("Ping = %v", err)
	}
	if err := (fakeClamd{hangUp: true}.start(t)).Ping(t.Context()); err == nil {
		t.Error("Ping of a clamd that hangs up succeeded")
	}
}

func TestClamdFailures(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()

	tests := []struct {
		name    string
		clamd   Clamd
		content []byte
		want    string // in the error
	}{
		{"nobody listening", Clamd{Network: "tcp", Address: closed, Timeout: time.Second}, []byte("x"), "connect to clamd"},
		{"the server hangs up", fakeClamd{hangUp: true}.start(t), []byte("x"), "scan with clamd"},
		{"the stream is over clamd's limit", fakeClamd{limit: 1000}.start(t), bytes.Repeat([]byte("x"), 100_000), "size limit exceeded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := tt.clamd.Scan(t.Context(), bytes.NewReader(tt.content))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Scan = %+v, %v; want an error with %q", v, err, tt.want)
			}
			if v.Clean {
				t.Error("a failed scan called the file clean")
			}
		})
	}
}

func TestClamdStopsWhenTheContextEnds(t *testing.T) {
	t.Parallel()
	c := fakeClamd{}.start(t)
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	go func() {
		pw.Write([]byte("alku"))
		cancel()
		pw.Write(make([]byte, 2*chunkSize))
		pw.Close()
	}()
	_, err := c.Scan(ctx, pr)
	pr.Close() // let the writer go
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Scan = %v, want context.Canceled", err)
	}
}

func TestParseReply(t *testing.T) {
	t.Parallel()
	tests := []struct {
		reply   string
		want    Verdict
		wantErr bool
	}{
		{"stream: OK", Verdict{Clean: true, Scanned: true}, false},
		{"stream: Eicar-Signature FOUND", Verdict{Scanned: true, Signature: "Eicar-Signature"}, false},
		{"INSTREAM size limit exceeded. ERROR", Verdict{}, true},
		{"stream: Can't allocate memory ERROR", Verdict{}, true},
		{"", Verdict{}, true},
	}
	for _, tt := range tests {
		got, err := parseReply(tt.reply)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("parseReply(%q) = %+v, %v", tt.reply, got, err)
		}
	}
}
