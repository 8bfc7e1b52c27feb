package ir

import (
	"fmt"
	"reflect"
	"testing"
)

// filler sets every field of a value, recursively, to a distinct non-zero
// value: pointers are allocated, slices and maps get two elements. The
// same sequence of calls gives the same values.
type filler struct{ n int }

func (f *filler) fill(v reflect.Value) {
	f.n++
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", f.n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(f.n))
	case reflect.Uint8, reflect.Int8:
		v.Set(reflect.ValueOf(f.n%100 + 1).Convert(v.Type())) // never wraps to 0
	case reflect.Uint, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(f.n))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(f.n) + 0.5)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		f.fill(v.Elem())
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			f.fill(v.Index(i))
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		for range 2 {
			k := reflect.New(v.Type().Key()).Elem()
			e := reflect.New(v.Type().Elem()).Elem()
			f.fill(k)
			f.fill(e)
			v.SetMapIndex(k, e)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				f.fill(v.Field(i))
			}
		}
	default:
		panic(fmt.Sprintf("filler: unhandled kind %s", v.Kind()))
	}
}

func fullXds() *Xds {
	x := new(Xds)
	(&filler{}).fill(reflect.ValueOf(x).Elem())
	return x
}

// noZero fails t for every field of v left at its zero value, so that a
// field added to the IR is covered by the deep-copy tests.
func noZero(t *testing.T, path string, v reflect.Value) {
	t.Helper()
	if v.Type().Size() == 0 {
		// A struct without fields (Random) is always zero.
		return
	}
	if v.IsZero() {
		t.Errorf("%s is zero after filling", path)
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		noZero(t, path, v.Elem())
	case reflect.Slice:
		for i := range v.Len() {
			noZero(t, fmt.Sprintf("%s[%d]", path, i), v.Index(i))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				noZero(t, path+"."+v.Type().Field(i).Name, v.Field(i))
			}
		}
	}
}

// shareNothing fails t wherever a and b, equal values, share memory: the
// same pointer, slice backing array or map.
func shareNothing(t *testing.T, path string, a, b reflect.Value) {
	t.Helper()
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || a.Type().Elem().Size() == 0 {
			// Pointers to zero-size values (Random) may share an
			// address without sharing memory.
			return
		}
		if a.Pointer() == b.Pointer() {
			t.Errorf("%s: the copy shares the pointer", path)
			return
		}
		shareNothing(t, path, a.Elem(), b.Elem())
	case reflect.Slice:
		if a.Len() > 0 && a.Pointer() == b.Pointer() {
			t.Errorf("%s: the copy shares the slice", path)
			return
		}
		for i := range a.Len() {
			shareNothing(t, fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i))
		}
	case reflect.Map:
		if !a.IsNil() && a.Pointer() == b.Pointer() {
			t.Errorf("%s: the copy shares the map", path)
		}
	case reflect.Struct:
		for i := range a.NumField() {
			if a.Type().Field(i).IsExported() {
				shareNothing(t, path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i))
			}
		}
	}
}

// mutate changes every leaf reachable from v in place.
func mutate(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(v.String() + "-changed")
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(v.Int() + 1000)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(v.Uint() + 100)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(v.Float() + 1000)
	case reflect.Pointer:
		if !v.IsNil() {
			mutate(v.Elem())
		}
	case reflect.Slice:
		for i := range v.Len() {
			mutate(v.Index(i))
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			v.SetMapIndex(k, reflect.ValueOf("changed").Convert(v.Type().Elem()))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				mutate(v.Field(i))
			}
		}
	}
}

func TestDeepCopyEqual(t *testing.T) {
	x := fullXds()
	noZero(t, "Xds", reflect.ValueOf(x))
	c := x.DeepCopy()
	if !reflect.DeepEqual(x, c) {
		t.Fatal("the copy differs from the original")
	}
	shareNothing(t, "Xds", reflect.ValueOf(x), reflect.ValueOf(c))
}

func TestDeepCopyIndependent(t *testing.T) {
	x, pristine := fullXds(), fullXds()
	c := x.DeepCopy()
	mutate(reflect.ValueOf(c))
	if reflect.DeepEqual(c, pristine) {
		t.Fatal("mutate changed nothing; the test checks nothing")
	}
	if !reflect.DeepEqual(x, pristine) {
		t.Fatal("changing the copy changed the original")
	}
	// And the other way round.
	c = x.DeepCopy()
	mutate(reflect.ValueOf(x))
	if !reflect.DeepEqual(c, pristine) {
		t.Fatal("changing the original changed the copy")
	}
}

func TestDeepCopyNil(t *testing.T) {
	var x *Xds
	if x.DeepCopy() != nil {
		t.Fatal("DeepCopy of a nil *Xds is not nil")
	}
	if got := (&Xds{}).DeepCopy(); got == nil || !reflect.DeepEqual(got, &Xds{}) {
		t.Fatalf("DeepCopy of an empty Xds = %#v", got)
	}
}

// TestDeepCopyEveryType checks every struct type reachable from Xds has
// generated DeepCopy and DeepCopyInto methods.
func TestDeepCopyEveryType(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var visit func(reflect.Type)
	visit = func(ty reflect.Type) {
		switch ty.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map:
			visit(ty.Elem())
			return
		case reflect.Struct:
		default:
			return
		}
		if seen[ty] {
			return
		}
		seen[ty] = true
		p := reflect.PointerTo(ty)
		for _, m := range []string{"DeepCopy", "DeepCopyInto"} {
			if _, ok := p.MethodByName(m); !ok {
				t.Errorf("%s has no %s method: run go generate ./ir", ty, m)
			}
		}
		for i := range ty.NumField() {
			visit(ty.Field(i).Type)
		}
	}
	visit(reflect.TypeFor[Xds]())
	if len(seen) < 40 {
		t.Fatalf("visited only %d types", len(seen))
	}
}
