package wasm

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// On-disk layout of a cache directory:
//
//	<dir>/modules/<sha256>.wasm   module bytes, named by their sha256
//	<dir>/sources/<id>.json       what a source resolved to (id: sha256 of the source)
//
// Files are written to a temporary name and renamed, so a crash leaves no
// partial file under a real name. A module file is hashed again when it is
// first read; a mismatch deletes it. No credential is ever written: source
// records hold the source without URL credentials, and sources whose URL
// carries credentials are not recorded at all.
const (
	modulesDir = "modules"
	sourcesDir = "sources"
	tempPrefix = ".tmp-"
)

type disk struct{ dir string }

// sourceRecord is the persisted part of an entry.
type sourceRecord struct {
	Source      string    `json:"source"`
	HTTP        bool      `json:"http,omitempty"`
	SHA256      string    `json:"sha256"`
	ImageDigest string    `json:"imageDigest,omitempty"`
	Pinned      bool      `json:"pinned,omitempty"`
	Fetched     time.Time `json:"fetched"`
}

type diskModule struct {
	sha256  string
	size    int64
	modTime time.Time
}

func openDisk(dir string) (*disk, error) {
	for _, sub := range []string{modulesDir, sourcesDir} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			return nil, optionError("WithDir: %v", err)
		}
	}
	return &disk{dir: dir}, nil
}

func (d *disk) modulePath(sha string) string {
	return filepath.Join(d.dir, modulesDir, sha+".wasm")
}

func (d *disk) sourcePath(id string) string {
	return filepath.Join(d.dir, sourcesDir, id+".json")
}

func (d *disk) writeFile(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), tempPrefix+"*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// writeModule writes a module file, replacing any file of that name: one
// left by an earlier run may be corrupt, and is not worth reading to find
// out.
func (d *disk) writeModule(sha string, data []byte) error {
	return d.writeFile(d.modulePath(sha), data)
}

var errCorrupt = errors.New("module file does not match its name")

// readModule reads a module file and checks its sha256. A corrupt file is
// deleted and errCorrupt returned.
func (d *disk) readModule(sha string) ([]byte, error) {
	data, err := os.ReadFile(d.modulePath(sha))
	if err != nil {
		return nil, err
	}
	if sumHex(data) != sha {
		os.Remove(d.modulePath(sha))
		return nil, errCorrupt
	}
	return data, nil
}

func (d *disk) removeModule(sha string) { os.Remove(d.modulePath(sha)) }

func (d *disk) writeSource(id string, r sourceRecord) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return d.writeFile(d.sourcePath(id), b)
}

func (d *disk) removeSource(id string) { os.Remove(d.sourcePath(id)) }

// scan lists what a previous run left: module files by sha256, and source
// records by id. It deletes temporary files and unreadable records.
func (d *disk) scan() ([]diskModule, map[string]sourceRecord, error) {
	var mods []diskModule
	des, err := os.ReadDir(filepath.Join(d.dir, modulesDir))
	if err != nil {
		return nil, nil, err
	}
	for _, de := range des {
		name := de.Name()
		if strings.HasPrefix(name, tempPrefix) {
			os.Remove(filepath.Join(d.dir, modulesDir, name))
			continue
		}
		sha, ok := strings.CutSuffix(name, ".wasm")
		if !ok || !de.Type().IsRegular() {
			continue
		}
		if s, ok := parseSHA256(sha); !ok || s != sha {
			continue
		}
		fi, err := de.Info()
		if err != nil {
			continue
		}
		mods = append(mods, diskModule{sha256: sha, size: fi.Size(), modTime: fi.ModTime()})
	}
	recs := map[string]sourceRecord{}
	des, err = os.ReadDir(filepath.Join(d.dir, sourcesDir))
	if err != nil {
		return nil, nil, err
	}
	for _, de := range des {
		name := de.Name()
		path := filepath.Join(d.dir, sourcesDir, name)
		if strings.HasPrefix(name, tempPrefix) {
			os.Remove(path)
			continue
		}
		id, ok := strings.CutSuffix(name, ".json")
		if !ok || !de.Type().IsRegular() {
			continue
		}
		var r sourceRecord
		b, err := os.ReadFile(path)
		if err == nil {
			err = json.Unmarshal(b, &r)
		}
		if _, ok := parseSHA256(r.SHA256); err != nil || !ok {
			os.Remove(path)
			continue
		}
		recs[id] = r
	}
	return mods, recs, nil
}
