# Turns scrutiny's _redirects into nginx locations: an exact location for
# each address, and a prefix location for each renamed folder, which keeps
# the rest of the address ("/old/* /new/:splat" sends /old/x.pdf to
# /new/x.pdf). Exact locations win over prefixes in nginx, as the earlier
# lines of _redirects do on Netlify.
#   awk -f nginx-redirects.awk public/_redirects > scrutiny-redirects.conf
$3 != 301 { next }
$1 ~ /\*$/ {
    from = substr($1, 1, length($1) - 1)
    to = $2
    sub(/:splat$/, "", to)
    pattern = from
    gsub(/\./, "\\.", pattern)
    printf "location ^~ %s { rewrite ^%s(.*)$ %s$1 permanent; }\n", from, pattern, to
    next
}
{ printf "location = %s { return 301 %s; }\n", $1, $2 }
