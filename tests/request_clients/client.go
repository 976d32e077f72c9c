// Sends tests/request_clients.rs' Go requests through the gateway at os.Args[1], built as Go
// clients build them: net/url's Values.Encode (sorted keys, ':' as %3A, ' ' as '+'),
// url.PathEscape for a repository path ('/' as %2F), encoding/json bodies. Prints one line per
// request: name, status, the target sent.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
)

var base = os.Args[1]

func send(name, method, target string, body interface{}) {
	var reader *bytes.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			panic(err)
		}
		reader = bytes.NewReader(data)
	} else {
		reader = bytes.NewReader(nil)
	}
	req, err := http.NewRequest(method, base+target, reader)
	if err != nil {
		panic(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Printf("%s\t%d\t%s\n", name, resp.StatusCode, req.URL.RequestURI())
}

func main() {
	q := url.Values{}
	q.Set("onlyActiveTags", strconv.FormatBool(true))
	q.Set("limit", strconv.Itoa(250))
	q.Set("filter_tag_name", "like:v1")
	send("go-values-limit", "GET", "/api/v1/repository/org/app/tag/?"+q.Encode(), nil)
	q = url.Values{}
	q.Set("filter_tag_name", "eq:v1.2")
	send("go-pathescape-list", "GET", "/api/v1/repository/"+url.PathEscape("org/team/app")+"/tag/?"+q.Encode(), nil)
	send("go-pathescape-delete", "DELETE", "/api/v1/repository/"+url.PathEscape("org/app")+"/tag/"+url.PathEscape("v1"), nil)
	send("go-expiration", "PUT", "/api/v1/repository/org/app/tag/v1", map[string]interface{}{"expiration": 1767225600.25})
	send("go-codearts", "POST", "/v2/repositories/"+strconv.Itoa(42)+"/tags", map[string]string{"tag_name": "v1.0", "ref": "main"})
}
