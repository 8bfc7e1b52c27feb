package ir

// Deep-copy functions (zz_generated.deepcopy.go) are generated from the
// types of this package by controller-gen's object generator, pinned in
// ../tools/go.mod. The package marker below asks for DeepCopy and
// DeepCopyInto on every named type; the generated file imports nothing but
// this package. CI fails when it is out of date.
//
// +kubebuilder:object:generate=true
//go:generate go run -modfile=../tools/go.mod sigs.k8s.io/controller-tools/cmd/controller-gen object paths=.
