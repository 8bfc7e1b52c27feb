package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/known/anypb"
)

// protoDiff returns the first difference between two messages of the same
// type, as a field path (JSON field names, as in the corpus) and a text, or
// ok=false when they are equal.
//
// Fields are visited in declaration order, lists by index, maps by sorted
// key. An Any is compared by type URL and then by its unpacked content, so
// two Anys that hold equal messages are equal even when their serialized
// bytes differ (map order is not deterministic in the wire format); this is
// the only way in which the walk is more lenient than proto.Equal.
// Well-known types (Duration, Struct, wrappers, ...) are compared whole.
func protoDiff(want, got proto.Message) (path, text string, differ bool) {
	if proto.Equal(want, got) {
		return "", "", false
	}
	w := &protoWalker{}
	w.message("", want.ProtoReflect(), got.ProtoReflect())
	return w.path, w.text, w.found
}

type protoWalker struct {
	found      bool
	path, text string
}

func (w *protoWalker) report(path, format string, args ...any) {
	if w.found {
		return
	}
	w.found = true
	w.path = path
	w.text = fmt.Sprintf(format, args...)
}

func (w *protoWalker) message(path string, a, b protoreflect.Message) {
	if w.found {
		return
	}
	md := a.Descriptor()
	if md.FullName() != b.Descriptor().FullName() {
		w.report(path, "want a %s, got a %s", md.FullName(), b.Descriptor().FullName())
		return
	}
	if md.FullName() == "google.protobuf.Any" {
		w.any(path, a, b)
		return
	}
	if md.ParentFile().Package() == "google.protobuf" {
		if !proto.Equal(a.Interface(), b.Interface()) {
			w.report(path, "want %s, got %s", renderMessage(a), renderMessage(b))
		}
		return
	}
	fields := md.Fields()
	for i := 0; i < fields.Len() && !w.found; i++ {
		fd := fields.Get(i)
		ha, hb := a.Has(fd), b.Has(fd)
		if !ha && !hb {
			continue
		}
		fp := joinPath(path, fd.JSONName())
		switch {
		case fd.IsList():
			w.list(fp, fd, a.Get(fd).List(), b.Get(fd).List())
		case fd.IsMap():
			w.mapField(fp, fd, a.Get(fd).Map(), b.Get(fd).Map())
		case !ha:
			w.report(fp, "want <unset>, got %s", renderValue(fd, b.Get(fd)))
		case !hb:
			w.report(fp, "want %s, got <unset>", renderValue(fd, a.Get(fd)))
		default:
			w.value(fp, fd, a.Get(fd), b.Get(fd))
		}
	}
}

func (w *protoWalker) any(path string, a, b protoreflect.Message) {
	wa, wb := a.Interface().(*anypb.Any), b.Interface().(*anypb.Any)
	if wa == nil || wb == nil {
		if !proto.Equal(a.Interface(), b.Interface()) {
			w.report(path, "want %s, got %s", renderMessage(a), renderMessage(b))
		}
		return
	}
	if wa.GetTypeUrl() != wb.GetTypeUrl() {
		w.report(joinPath(path, "@type"), "want %q, got %q", wa.GetTypeUrl(), wb.GetTypeUrl())
		return
	}
	if bytes.Equal(wa.GetValue(), wb.GetValue()) {
		return
	}
	ua, errA := wa.UnmarshalNew()
	ub, errB := wb.UnmarshalNew()
	if errA != nil || errB != nil {
		w.report(path, "%s values differ and cannot be unpacked (%v, %v)", wa.GetTypeUrl(), errA, errB)
		return
	}
	w.message(path, ua.ProtoReflect(), ub.ProtoReflect())
}

func (w *protoWalker) list(path string, fd protoreflect.FieldDescriptor, a, b protoreflect.List) {
	for i := 0; (i < a.Len() || i < b.Len()) && !w.found; i++ {
		var label string
		if i < a.Len() {
			label = elementLabel(fd, a.Get(i))
		} else {
			label = elementLabel(fd, b.Get(i))
		}
		ep := bracket(path, strconv.Itoa(i)) + label
		switch {
		case i >= b.Len():
			w.report(ep, "missing (want %d elements, got %d)", a.Len(), b.Len())
		case i >= a.Len():
			w.report(ep, "unexpected (want %d elements, got %d)", a.Len(), b.Len())
		default:
			w.value(ep, fd, a.Get(i), b.Get(i))
		}
	}
}

func (w *protoWalker) mapField(path string, fd protoreflect.FieldDescriptor, a, b protoreflect.Map) {
	keys := map[string]protoreflect.MapKey{}
	collect := func(m protoreflect.Map) {
		m.Range(func(k protoreflect.MapKey, _ protoreflect.Value) bool {
			keys[k.String()] = k
			return true
		})
	}
	collect(a)
	collect(b)
	names := make([]string, 0, len(keys))
	for n := range keys {
		names = append(names, n)
	}
	sort.Strings(names)
	vd := fd.MapValue()
	for _, n := range names {
		if w.found {
			return
		}
		k := keys[n]
		kp := bracket(path, strconv.Quote(n))
		switch {
		case !b.Has(k):
			w.report(kp, "missing")
		case !a.Has(k):
			w.report(kp, "unexpected")
		default:
			w.value(kp, vd, a.Get(k), b.Get(k))
		}
	}
}

// value compares one singular value (a field, list element or map value).
func (w *protoWalker) value(path string, fd protoreflect.FieldDescriptor, a, b protoreflect.Value) {
	switch fd.Kind() {
	case protoreflect.MessageKind, protoreflect.GroupKind:
		w.message(path, a.Message(), b.Message())
	case protoreflect.BytesKind:
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			w.report(path, "want %d bytes, got %d bytes (contents differ)", len(a.Bytes()), len(b.Bytes()))
		}
	case protoreflect.FloatKind, protoreflect.DoubleKind:
		x, y := a.Float(), b.Float()
		if x != y && !(math.IsNaN(x) && math.IsNaN(y)) {
			w.report(path, "want %v, got %v", x, y)
		}
	default:
		if !a.Equal(b) {
			w.report(path, "want %s, got %s", renderValue(fd, a), renderValue(fd, b))
		}
	}
}

// elementLabel returns "(name)" for a list element message with a
// non-empty string field "name" (filters, filter chains, virtual hosts,
// routes, ...), so that paths say which element they are in.
func elementLabel(fd protoreflect.FieldDescriptor, v protoreflect.Value) string {
	if fd.Kind() != protoreflect.MessageKind {
		return ""
	}
	m := v.Message()
	nf := m.Descriptor().Fields().ByName("name")
	if nf == nil || nf.Kind() != protoreflect.StringKind || nf.IsList() {
		return ""
	}
	if n := m.Get(nf).String(); n != "" {
		return "(" + n + ")"
	}
	return ""
}

func renderValue(fd protoreflect.FieldDescriptor, v protoreflect.Value) string {
	switch fd.Kind() {
	case protoreflect.MessageKind, protoreflect.GroupKind:
		return renderMessage(v.Message())
	case protoreflect.EnumKind:
		if ev := fd.Enum().Values().ByNumber(v.Enum()); ev != nil {
			return string(ev.Name())
		}
		return strconv.Itoa(int(v.Enum()))
	case protoreflect.StringKind:
		return truncate(strconv.Quote(v.String()))
	case protoreflect.BytesKind:
		return fmt.Sprintf("%d bytes", len(v.Bytes()))
	}
	return v.String()
}

func renderMessage(m protoreflect.Message) string {
	b, err := protojson.MarshalOptions{Resolver: protoregistry.GlobalTypes}.Marshal(m.Interface())
	if err != nil {
		return "<" + string(m.Descriptor().FullName()) + ">"
	}
	// protojson output is deliberately unstable in whitespace; compact it.
	var out bytes.Buffer
	if json.Compact(&out, b) != nil {
		return truncate(string(b))
	}
	return truncate(out.String())
}
