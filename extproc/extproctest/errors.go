package extproctest

import "errors"

// Sentinel errors. LocalReply.Err and the errors New returns wrap one of
// these; test for them with errors.Is.
var (
	// ErrInvalidOption reports an Option used with a value it cannot take.
	ErrInvalidOption = errors.New("extproctest: invalid option")
	// ErrUnsupported reports filter configuration the driver cannot emulate,
	// such as FULL_DUPLEX_STREAMED bodies or observability mode.
	ErrUnsupported = errors.New("extproctest: unsupported configuration")
	// ErrSpuriousMessage reports a response that does not answer the message
	// Envoy is waiting for, or an immediate response the filter disables.
	ErrSpuriousMessage = errors.New("extproctest: spurious response from processor")
	// ErrMutationRejected reports a header mutation the mutation rules
	// disallow while disallow_is_error is set.
	ErrMutationRejected = errors.New("extproctest: header mutation rejected")
	// ErrInvalidMutation reports a mutation Envoy refuses whatever the rules:
	// invalid characters, both value and raw_value set, too many or too large
	// headers, or a BUFFERED body that no longer matches content-length.
	ErrInvalidMutation = errors.New("extproctest: invalid mutation")
	// ErrMessageTimeout reports a processor that did not answer within the
	// message timeout.
	ErrMessageTimeout = errors.New("extproctest: message timeout")
	// ErrStream reports a gRPC stream that failed, or could not be opened.
	ErrStream = errors.New("extproctest: gRPC stream failed")
	// ErrBufferLimit reports a BUFFERED body larger than the buffer limit.
	ErrBufferLimit = errors.New("extproctest: body exceeds buffer limit")
)
