package extproctest_test

import (
	"context"
	"fmt"
	"log"
	"strings"
	"time"

	mutationrulesv3 "github.com/envoyproxy/go-control-plane/envoy/config/common/mutation_rules/v3"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/extproc"
	"github.com/gatewaykit/gatewaykit/extproc/extproctest"
)

// Driving a processor in STREAMED mode with restrictive mutation rules: the
// driver cuts the body into chunks, and refuses the header change the rules
// forbid, as Envoy would.
func ExampleDriver_Do() {
	p := extproc.Phases{
		RequestHeaders: func(context.Context, *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
			resp := &extproc.HeadersResponse{}
			resp.Headers.Set(":authority", "internal.example") // a routing header
			resp.Headers.Set("x-seen", "yes")
			return resp, nil
		},
		RequestBody: func(_ context.Context, req *extproc.BodyRequest) (*extproc.BodyResponse, error) {
			return &extproc.BodyResponse{Body: extproc.ReplaceBody([]byte(strings.ToUpper(string(req.Body))))}, nil
		},
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cc, err := extproctest.Dial(ctx, p)
	if err != nil {
		log.Fatal(err)
	}
	d, err := extproctest.New(cc,
		extproctest.WithMessageTimeout(5*time.Second),
		extproctest.WithProcessingMode(extproc.ProcessingMode{RequestBody: extproc.BodyModeStreamed}),
		extproctest.WithChunkSize(5),
		extproctest.WithMutationRules(&mutationrulesv3.HeaderMutationRules{DisallowSystem: wrapperspb.Bool(true)}))
	if err != nil {
		log.Fatal(err)
	}
	res, err := d.Do(ctx, extproctest.NewRequest("POST", "http://shop.example/notes", []byte("hello world")), nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, req := range res.Requests(extproc.PhaseRequestBody) {
		fmt.Printf("chunk %q end_of_stream=%v\n", req.GetRequestBody().GetBody(), req.GetRequestBody().GetEndOfStream())
	}
	fmt.Println("upstream:", res.Request.Authority, res.Request.Header.Get("X-Seen"), string(res.Request.Body))
	for _, rej := range res.Rejections {
		fmt.Println("rejected:", rej.Op, rej.Header, "-", rej.Reason)
	}
	// Output:
	// chunk "hello" end_of_stream=false
	// chunk " worl" end_of_stream=false
	// chunk "d" end_of_stream=true
	// upstream: shop.example yes HELLO WORLD
	// rejected: set :authority - routing header and allow_all_routing is not set
}
