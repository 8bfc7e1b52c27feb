package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"testing"

	"github.com/gatewaykit/gatewaykit/wasm/wasmtest"
)

func TestRun(t *testing.T) {
	reg, err := wasmtest.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	module := wasmtest.Module("cli", 777)
	p, err := reg.Push("cli:v1", module, wasmtest.LayoutDocker)
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(module)
	want := hex.EncodeToString(s[:])
	dir := t.TempDir()
	for range 2 { // the second run is served from the cache directory
		var out bytes.Buffer
		if err := run(context.Background(), []string{"-ref", p.Ref, "-insecure", "-sha256", want, "-cache-dir", dir}, &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "sha256: "+want) || !strings.Contains(out.String(), "size:   777") {
			t.Fatalf("output:\n%s", out.String())
		}
	}
	if n := reg.Pulls(p.Repo); n != 1 {
		t.Errorf("%d pulls; want 1", n)
	}
	if err := run(context.Background(), []string{"-ref", p.Ref}, io.Discard, io.Discard); err == nil {
		t.Error("plain HTTP registry accepted without -insecure")
	}
}
