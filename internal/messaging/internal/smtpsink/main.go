// Command smtpsink is a small SMTP server for luva's tests: a real process on
// a real port, which the tests start, stop and start again to play a mail
// server's outage. It accepts every message (but for recipients whose
// address starts with "reject", refused with 550) and writes each to a file
// of its own in -dir: the envelope as X-Envelope-From and X-Envelope-To
// lines, then the message as received.
//
// It speaks the part of RFC 5321 that luva's mailer uses: EHLO/HELO, MAIL,
// RCPT, DATA with dot-unstuffing, RSET, NOOP and QUIT. It prints
// "listening on ADDR" once it accepts connections.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	dir := flag.String("dir", ".", "folder to write the received messages to")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening on %s\n", ln.Addr())
	var n atomic.Int64
	for {
		conn, err := ln.Accept()
		if err != nil {
			log.Fatal(err)
		}
		go serve(conn, *dir, &n)
	}
}

// serve runs one SMTP session.
func serve(conn net.Conn, dir string, n *atomic.Int64) {
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(time.Minute)) //nolint:errcheck // a test server
	tp := textproto.NewConn(conn)
	reply := func(code int, text string) { tp.PrintfLine("%d %s", code, text) } //nolint:errcheck // the client may go
	reply(220, "smtpsink ready")
	var from string
	var to []string
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			tp.PrintfLine("250-smtpsink") //nolint:errcheck // see reply
			reply(250, "8BITMIME")
		case "HELO":
			reply(250, "smtpsink")
		case "MAIL":
			from, to = address(arg), nil
			reply(250, "sender ok")
		case "RCPT":
			rcpt := address(arg)
			if strings.HasPrefix(rcpt, "reject") {
				reply(550, "no such mailbox "+rcpt)
				continue
			}
			to = append(to, rcpt)
			reply(250, "recipient ok")
		case "DATA":
			if from == "" || len(to) == 0 {
				reply(503, "need MAIL and RCPT first")
				continue
			}
			reply(354, "end with <CRLF>.<CRLF>")
			body, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			name := filepath.Join(dir, fmt.Sprintf("%d-%06d.eml", os.Getpid(), n.Add(1)))
			text := fmt.Sprintf("X-Envelope-From: %s\r\nX-Envelope-To: %s\r\n", from, strings.Join(to, ","))
			if err := os.WriteFile(name+".tmp", append([]byte(text), body...), 0o600); err != nil {
				reply(451, "cannot store the message")
				continue
			}
			// Renamed whole, so that a reader never sees half a message.
			if err := os.Rename(name+".tmp", name); err != nil {
				reply(451, "cannot store the message")
				continue
			}
			from, to = "", nil
			reply(250, "queued")
		case "RSET":
			from, to = "", nil
			reply(250, "reset")
		case "NOOP":
			reply(250, "ok")
		case "QUIT":
			reply(221, "bye")
			return
		default:
			reply(502, "command not implemented")
		}
	}
}

// address takes the address out of "FROM:<a@b> SIZE=…" or "TO:<a@b>".
func address(arg string) string {
	_, rest, _ := strings.Cut(arg, ":")
	rest = strings.TrimSpace(rest)
	if i := strings.Index(rest, ">"); strings.HasPrefix(rest, "<") && i > 0 {
		return rest[1:i]
	}
	a, _, _ := strings.Cut(rest, " ")
	return a
}
