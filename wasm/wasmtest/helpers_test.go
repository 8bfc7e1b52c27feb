package wasmtest_test

import (
	"errors"

	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

func statusOf(err error) int {
	var te *transport.Error
	if errors.As(err, &te) {
		return te.StatusCode
	}
	return -1
}
