package policy

import "reflect"

// newOf returns a new zero value of the type p points to, as a P.
func newOf[P any](p P) P {
	t := reflect.TypeOf(p)
	if t == nil || t.Kind() != reflect.Pointer {
		var zero P
		return zero
	}
	return reflect.New(t.Elem()).Interface().(P)
}
