package wasm

import (
	"archive/tar"
	"bufio"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/google/go-containerregistry/pkg/v1/types"
)

// ModuleFileName is the file a tar layer must hold the module in.
const ModuleFileName = "plugin.wasm"

// extractModule reads a tar archive, gzip-compressed or not (the first
// bytes decide, not the media type), and returns the contents of
// plugin.wasm. It reads the whole archive and refuses it if any entry is
// unsafe: an absolute path, a path with "..", a backslash or a NUL, a
// symbolic or hard link, a device or FIFO, or a second plugin.wasm. It
// writes nothing anywhere. Past maxSize+ArchiveOverhead uncompressed bytes,
// or a plugin.wasm over maxSize, it stops with ErrTooLarge.
func extractModule(r io.Reader, maxSize int64) ([]byte, error) {
	br := bufio.NewReader(r)
	var stream io.Reader = br
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, archiveError(err)
		}
		zr.Multistream(false)
		stream = zr
	}
	lr := newLimitReader(stream, maxSize+ArchiveOverhead, "uncompressed layer")
	tr := tar.NewReader(lr)
	var module []byte
	found := false
	for {
		h, err := tr.Next()
		if lr.exceeded {
			return nil, lr.err()
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, archiveError(err)
		}
		if err := checkEntry(h); err != nil {
			return nil, err
		}
		if h.Typeflag != tar.TypeReg || path.Clean(h.Name) != ModuleFileName {
			continue
		}
		if found {
			return nil, &Error{Kind: ErrUnsafeArchive, Detail: "more than one " + ModuleFileName}
		}
		found = true
		if h.Size > maxSize {
			return nil, &Error{Kind: ErrTooLarge, Detail: fmt.Sprintf("%s is %d bytes, over the limit of %d", ModuleFileName, h.Size, maxSize)}
		}
		module, err = io.ReadAll(tr)
		if lr.exceeded {
			return nil, lr.err()
		}
		if err != nil {
			return nil, archiveError(err)
		}
	}
	if !found {
		return nil, &Error{Kind: ErrNoModule, Detail: "no " + ModuleFileName + " in the layer"}
	}
	return module, nil
}

// checkEntry refuses entries that would be dangerous to extract, even
// though nothing is extracted here: an archive that carries them was not
// built as a Wasm image, and is refused whole.
func checkEntry(h *tar.Header) error {
	unsafe := func(why string) error {
		return &Error{Kind: ErrUnsafeArchive, Detail: fmt.Sprintf("%q: %s", truncate(h.Name, 128), why)}
	}
	name := h.Name
	switch {
	case name == "":
		return unsafe("empty name")
	case strings.HasPrefix(name, "/"):
		return unsafe("absolute path")
	case strings.ContainsAny(name, "\\\x00"):
		return unsafe("backslash or NUL in path")
	}
	for _, elem := range strings.Split(name, "/") {
		if elem == ".." {
			return unsafe("path leaves the archive")
		}
	}
	switch h.Typeflag {
	case tar.TypeReg, tar.TypeDir, tar.TypeXGlobalHeader:
		return nil
	case tar.TypeSymlink, tar.TypeLink:
		return unsafe("link to " + truncate(h.Linkname, 128))
	default:
		return unsafe(fmt.Sprintf("entry type %q", h.Typeflag))
	}
}

// archiveError sorts a read error: malformed archives become
// ErrBadArchive, everything else (network, digest, context) passes through
// for the fetcher to classify.
func archiveError(err error) error {
	var corrupt flate.CorruptInputError
	switch {
	case errors.Is(err, tar.ErrHeader), errors.Is(err, tar.ErrInsecurePath),
		errors.Is(err, gzip.ErrHeader), errors.Is(err, gzip.ErrChecksum),
		errors.Is(err, io.ErrUnexpectedEOF), errors.As(err, &corrupt):
		return &Error{Kind: ErrBadArchive, Detail: err.Error()}
	}
	return err
}

// Layer media types. A layer of either raw type holds the module itself;
// tarLayerTypes hold it as plugin.wasm inside a tar archive.
const (
	// MediaTypeWasmLayer is the layer media type of the Wasm image
	// specification's "oci" variant.
	MediaTypeWasmLayer types.MediaType = "application/vnd.module.wasm.content.layer.v1+wasm"
	// MediaTypeWasm is the layer media type of the CNCF Wasm OCI artifact
	// (whose config media type is application/vnd.wasm.config.v0+json).
	MediaTypeWasm types.MediaType = "application/wasm"
)

var tarLayerTypes = []types.MediaType{
	types.DockerLayer, types.DockerUncompressedLayer,
	types.OCILayer, types.OCIUncompressedLayer,
}
