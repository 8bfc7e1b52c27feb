package extproc

import "errors"

// Sentinel errors. Errors returned by this package wrap one of these; test
// for them with errors.Is.
var (
	// ErrInvalidOption reports an Option used with a value it cannot take.
	ErrInvalidOption = errors.New("extproc: invalid option")
	// ErrNoPhase reports a processor that implements none of the phase
	// interfaces, which is almost always a method with the wrong signature.
	ErrNoPhase = errors.New("extproc: processor implements no phase interface")
	// ErrInvalidMode reports a ProcessingMode field outside Envoy's enum.
	ErrInvalidMode = errors.New("extproc: invalid processing mode")
	// ErrInvalidResponse reports a response a processor returned that cannot
	// be encoded for Envoy, such as an immediate response combined with
	// mutations, or a header name Envoy would reject.
	ErrInvalidResponse = errors.New("extproc: invalid response")
	// ErrEmptyRequest reports a ProcessingRequest that carries no phase.
	ErrEmptyRequest = errors.New("extproc: processing request carries no phase")
)
