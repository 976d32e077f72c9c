// Command reference-oracle reads image references, one per line in hex (so that any bytes,
// newlines included, can be asked about), and prints docker distribution's verdict on each:
//
//	ok<TAB>DOMAIN<TAB>PATH<TAB>TAG<TAB>DIGEST
//	err<TAB>MESSAGE
//
// It calls reference.Parse, the bare grammar (no docker.io normalisation), from the
// distribution package as Debian ships it. Build it offline in GOPATH mode:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o reference-oracle main.go
package main

import (
	"bufio"
	_ "crypto/sha256"
	_ "crypto/sha512"
	"encoding/hex"
	"fmt"
	"os"
	"strings"

	"github.com/docker/distribution/reference"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<24)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		raw, err := hex.DecodeString(strings.TrimSpace(in.Text()))
		if err != nil {
			fmt.Fprintf(out, "err\tbad hex on input: %v\n", err)
			continue
		}
		ref, err := reference.Parse(string(raw))
		if err != nil {
			fmt.Fprintf(out, "err\t%v\n", err)
			continue
		}
		var domain, path, tag, digest string
		if named, ok := ref.(reference.Named); ok {
			domain, path = reference.SplitHostname(named)
		}
		if tagged, ok := ref.(reference.Tagged); ok {
			tag = tagged.Tag()
		}
		if digested, ok := ref.(reference.Digested); ok {
			digest = digested.Digest().String()
		}
		fmt.Fprintf(out, "ok\t%s\t%s\t%s\t%s\n", domain, path, tag, digest)
	}
	if err := in.Err(); err != nil {
		fmt.Fprintf(os.Stderr, "reference-oracle: %v\n", err)
		os.Exit(2)
	}
}
