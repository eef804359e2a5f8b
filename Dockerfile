# One image with the scrutiny binary and nothing else: a site's team runs
# it instead of installing Go. It builds with the Go module proxy alone
# (go.sum pins every module) and keeps nothing of the toolchain.
#
#   docker build -t scrutiny .
#   docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/site" scrutiny build -baseURL https://www.example.gov.uk/inspections/
#
# The README's "Publishing" says more.

# The Go of go.mod's go line: a test checks that the two agree.
FROM golang:1.26.8-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# A static binary (CGO_ENABLED=0), with no build paths in it (-trimpath),
# stamped with the commit it was built from (-buildvcs=true: go version -m
# shows it; it fails rather than leave the stamp out where git cannot be
# read). The README gives the same command for a build without Docker.
RUN CGO_ENABLED=0 go build -trimpath -buildvcs=true -ldflags="-s -w" -o /out/scrutiny ./cmd/scrutiny
# The image has no shell to make folders with: the binary's cache (the PDF
# reader's compiled code, for import) and temporary files go in /tmp.
RUN mkdir -p -m 1777 /out/tmp

FROM scratch
COPY --from=build /out/ /
ENV HOME=/tmp XDG_CACHE_HOME=/tmp/.cache TMPDIR=/tmp
# The site is mounted here; run as your own user (-u) so that public/ is
# yours.
WORKDIR /site
USER 65534:65534
# scrutiny serve -bind 0.0.0.0 -port 1313 to see the site from the host.
EXPOSE 1313
ENTRYPOINT ["/scrutiny"]
CMD ["build"]
