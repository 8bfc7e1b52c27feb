package wasm

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"path"
	"strings"
	"testing"
)

type tarFile struct {
	name, link string
	typ        byte
	body       string
}

func makeTar(t testing.TB, gz bool, files ...tarFile) []byte {
	var buf bytes.Buffer
	var w io.Writer = &buf
	var zw *gzip.Writer
	if gz {
		zw = gzip.NewWriter(&buf)
		w = zw
	}
	tw := tar.NewWriter(w)
	for _, f := range files {
		typ := f.typ
		if typ == 0 {
			typ = tar.TypeReg
		}
		size := int64(0)
		if typ == tar.TypeReg {
			size = int64(len(f.body))
		}
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Linkname: f.link, Typeflag: typ, Size: size, Mode: 0o644}); err != nil {
			t.Fatal(err)
		}
		if typ == tar.TypeReg {
			tw.Write([]byte(f.body))
		}
	}
	tw.Close()
	if zw != nil {
		zw.Close()
	}
	return buf.Bytes()
}

const wasmHead = "\x00asm\x01\x00\x00\x00"

func TestExtractModule(t *testing.T) {
	mod := tarFile{name: "plugin.wasm", body: wasmHead + "body"}
	for _, tc := range []struct {
		name  string
		files []tarFile
		limit int64
		want  error
	}{
		{"plain", []tarFile{mod}, 1 << 10, nil},
		{"dot slash", []tarFile{{name: "./", typ: tar.TypeDir}, {name: "./plugin.wasm", body: mod.body}}, 1 << 10, nil},
		{"extra files", []tarFile{{name: "runtime-config.json", body: "{}"}, mod}, 1 << 10, nil},
		{"missing", []tarFile{{name: "filter.wasm", body: mod.body}}, 1 << 10, ErrNoModule},
		{"nested is not the module", []tarFile{{name: "a/plugin.wasm", body: mod.body}}, 1 << 10, ErrNoModule},
		{"too large", []tarFile{mod}, 4, ErrTooLarge},
		{"dotdot", []tarFile{mod, {name: "../x", body: "x"}}, 1 << 10, ErrUnsafeArchive},
		{"absolute", []tarFile{{name: "/plugin.wasm", body: mod.body}}, 1 << 10, ErrUnsafeArchive},
		{"symlink", []tarFile{{name: "plugin.wasm", typ: tar.TypeSymlink, link: "/etc/passwd"}}, 1 << 10, ErrUnsafeArchive},
		{"hardlink", []tarFile{mod, {name: "h", typ: tar.TypeLink, link: "plugin.wasm"}}, 1 << 10, ErrUnsafeArchive},
		{"fifo", []tarFile{mod, {name: "p", typ: tar.TypeFifo}}, 1 << 10, ErrUnsafeArchive},
		{"duplicate", []tarFile{mod, mod}, 1 << 10, ErrUnsafeArchive},
	} {
		for _, gz := range []bool{false, true} {
			name := tc.name
			if gz {
				name += "/gzip"
			}
			t.Run(name, func(t *testing.T) {
				got, err := extractModule(bytes.NewReader(makeTar(t, gz, tc.files...)), tc.limit)
				if tc.want == nil {
					if err != nil || string(got) != mod.body {
						t.Fatalf("extractModule = %q, %v", got, err)
					}
					return
				}
				if !errors.Is(err, tc.want) {
					t.Fatalf("error %v; want %v", err, tc.want)
				}
			})
		}
	}
	t.Run("huge other entry", func(t *testing.T) {
		// plugin.wasm is small, but the archive inflates far beyond the
		// module limit: reading must stop at the limit.
		pad := tarFile{name: "padding", body: string(make([]byte, 2*ArchiveOverhead))}
		_, err := extractModule(bytes.NewReader(makeTar(t, true, mod, pad)), 1<<10)
		if !errors.Is(err, ErrTooLarge) {
			t.Fatalf("error %v; want ErrTooLarge", err)
		}
		if _, err := extractModule(bytes.NewReader(makeTar(t, true, mod, pad)), 2*ArchiveOverhead); err != nil {
			t.Fatalf("within the limit: %v", err)
		}
	})
	t.Run("garbage", func(t *testing.T) {
		_, err := extractModule(strings.NewReader("\x1f\x8bnot really gzip"), 1<<10)
		if !errors.Is(err, ErrBadArchive) {
			t.Fatalf("error %v; want ErrBadArchive", err)
		}
	})
}

// FuzzExtractModule feeds arbitrary archives to the extractor: it must never
// panic, every failure must be typed, and whatever it accepts must be an
// archive an independent reading finds safe, with that plugin.wasm.
func FuzzExtractModule(f *testing.F) {
	mod := tarFile{name: "plugin.wasm", body: wasmHead + "body"}
	for _, files := range [][]tarFile{
		{mod},
		{{name: "./", typ: tar.TypeDir}, {name: "./plugin.wasm", body: mod.body}},
		{mod, {name: "../x", body: "x"}},
		{{name: "plugin.wasm", typ: tar.TypeSymlink, link: "/etc/passwd"}},
		{mod, mod},
		{{name: "x", body: "y"}},
	} {
		f.Add(makeTar(f, false, files...))
		f.Add(makeTar(f, true, files...))
	}
	f.Add([]byte{})
	f.Add([]byte("\x1f\x8b"))
	const limit = 1 << 16
	f.Fuzz(func(t *testing.T, archive []byte) {
		got, err := extractModule(bytes.NewReader(archive), limit)
		if err != nil {
			for _, kind := range []error{ErrNoModule, ErrTooLarge, ErrUnsafeArchive, ErrBadArchive} {
				if errors.Is(err, kind) {
					return
				}
			}
			t.Fatalf("untyped error: %v", err)
		}
		if int64(len(got)) > limit {
			t.Fatalf("accepted %d bytes over a limit of %d", len(got), limit)
		}
		var r io.Reader = bytes.NewReader(archive)
		if bytes.HasPrefix(archive, []byte{0x1f, 0x8b}) {
			zr, err := gzip.NewReader(r)
			if err != nil {
				t.Fatalf("accepted an unreadable gzip stream: %v", err)
			}
			zr.Multistream(false)
			r = zr
		}
		tr := tar.NewReader(r)
		modules := 0
		for {
			h, err := tr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("accepted an archive an independent reading rejects: %v", err)
			}
			if h.Typeflag == tar.TypeSymlink || h.Typeflag == tar.TypeLink || path.IsAbs(h.Name) || strings.Contains(h.Name, "..") && strings.Contains("/"+h.Name+"/", "/../") {
				t.Fatalf("accepted an archive with entry %q (type %q)", h.Name, h.Typeflag)
			}
			if h.Typeflag == tar.TypeReg && path.Clean(h.Name) == ModuleFileName {
				modules++
				b, _ := io.ReadAll(tr)
				if !bytes.Equal(b, got) {
					t.Fatalf("returned bytes differ from plugin.wasm")
				}
			}
		}
		if modules != 1 {
			t.Fatalf("accepted an archive with %d plugin.wasm", modules)
		}
	})
}
