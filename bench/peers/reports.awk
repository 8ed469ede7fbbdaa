# The three hourly reports with mawk (the peer a shell user would write): top_source per hour with
# ties, and the peers of the watched host H in both directions. Host lists are not sorted.
# usage: mawk -v H=host -f reports.awk FILE
{
  ts = $1 + 0; if (ts < 100000000000) ts *= 1000
  h = int(ts / 3600000)
  if (!(h in seen)) { seen[h] = 1; if (min == "" || h < min) min = h; if (max == "" || h > max) max = h }
  n = ++count[h SUBSEP $2]
  if (n > best[h]) best[h] = n
  if ($3 == H) to[h SUBSEP $2] = 1
  if ($2 == H) from[h SUBSEP $3] = 1
}
END {
  for (k in count) { split(k, p, SUBSEP); if (count[k] == best[p[1]]) tops[p[1]] = tops[p[1]] "," p[2] }
  for (k in to) { split(k, p, SUBSEP); tol[p[1]] = tol[p[1]] "," p[2] }
  for (k in from) { split(k, p, SUBSEP); froml[p[1]] = froml[p[1]] "," p[2] }
  for (h = min; h <= max; h++) {
    printf "{\"report\":\"top_source\",\"hour\":%d,\"hosts\":[%s],\"connections\":%d}\n", h, substr(tops[h], 2), best[h] + 0
    printf "{\"report\":\"connected_to\",\"host\":\"%s\",\"hour\":%d,\"hosts\":[%s]}\n", H, h, substr(tol[h], 2)
    printf "{\"report\":\"connected_from\",\"host\":\"%s\",\"hour\":%d,\"hosts\":[%s]}\n", H, h, substr(froml[h], 2)
  }
}
