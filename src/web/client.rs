//! Who is asking: the client's address, believing `X-Forwarded-For` only
//! from a configured trusted proxy.

use std::net::IpAddr;

use actix_web::HttpRequest;
use ipnet::IpNet;

/// The client's address for this request.
///
/// It is the socket peer, unless the peer is a trusted proxy: then the
/// `X-Forwarded-For` list is read from the right, skipping trusted proxies,
/// and the first address that is not one is the client. Entries to the left
/// of it were written by the client itself and are never believed, so a
/// forged header cannot buy a fresh rate-limit bucket.
pub fn client_addr(req: &HttpRequest, trusted: &[IpNet]) -> Option<IpAddr> {
    // A dual-stack socket reports an IPv4 peer as `::ffff:a.b.c.d`.
    let peer = canonical(req.peer_addr()?.ip());
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return Some(peer);
    }
    let mut client = peer;
    let forwarded = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    for entry in forwarded.iter().rev() {
        match parse_forwarded(entry) {
            Ok(ip) if is_trusted(&ip) => client = ip,
            Ok(ip) => return Some(ip),
            // Garbage from the far side: stop at the last address we trust.
            Err(_) => break,
        }
    }
    Some(client)
}

/// Reads one `X-Forwarded-For` entry: an address, perhaps with a port
/// (`1.2.3.4:5678`, `[2001:db8::1]:443`).
fn parse_forwarded(entry: &str) -> Result<IpAddr, ()> {
    if let Ok(ip) = entry.parse::<IpAddr>() {
        return Ok(canonical(ip));
    }
    if let Ok(socket) = entry.parse::<std::net::SocketAddr>() {
        return Ok(canonical(socket.ip()));
    }
    entry
        .strip_prefix('[')
        .and_then(|e| e.strip_suffix(']'))
        .and_then(|e| e.parse::<IpAddr>().ok())
        .map(canonical)
        .ok_or(())
}

/// The rate-limit key for an address: IPv4 as it is, IPv6 by its /64, since
/// one household or phone is given a whole /64 and can pick any address in it.
pub fn address_key(addr: Option<IpAddr>) -> String {
    match addr.map(canonical) {
        Some(IpAddr::V4(v4)) => v4.to_string(),
        Some(IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        None => "unknown".into(),
    }
}

/// An address as compared: IPv4 peers seen through a dual-stack socket
/// (`::ffff:a.b.c.d`) as IPv4.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn request(peer: &str, xff: Option<&str>) -> HttpRequest {
        let mut req = TestRequest::default().peer_addr(peer.parse().expect("socket address"));
        if let Some(xff) = xff {
            req = req.insert_header(("x-forwarded-for", xff));
        }
        req.to_http_request()
    }

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|n| n.parse().expect("network")).collect()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let req = request("203.0.113.7:5000", Some("198.51.100.1"));
        assert_eq!(client_addr(&req, &[]), "203.0.113.7".parse().ok());
    }

    #[test]
    fn behind_a_trusted_proxy_the_rightmost_untrusted_entry_is_the_client() {
        let req = request("10.0.0.2:5000", Some("1.1.1.1, 198.51.100.9, 10.0.0.3"));
        assert_eq!(
            client_addr(&req, &nets(&["10.0.0.0/24"])),
            "198.51.100.9".parse().ok()
        );
    }

    #[test]
    fn a_trusted_proxy_without_the_header_is_the_client() {
        let req = request("10.0.0.2:5000", None);
        assert_eq!(
            client_addr(&req, &nets(&["10.0.0.2/32"])),
            "10.0.0.2".parse().ok()
        );
    }

    #[test]
    fn an_ipv4_proxy_seen_through_a_dual_stack_socket_is_still_trusted() {
        let req = request("[::ffff:10.0.0.2]:5000", Some("198.51.100.9"));
        assert_eq!(
            client_addr(&req, &nets(&["10.0.0.2/32"])),
            "198.51.100.9".parse().ok()
        );
    }

    #[test]
    fn forwarded_entries_with_ports_are_read() {
        let trusted = nets(&["10.0.0.2/32"]);
        let req = request("10.0.0.2:5000", Some("198.51.100.9:5678"));
        assert_eq!(client_addr(&req, &trusted), "198.51.100.9".parse().ok());
        let req = request("10.0.0.2:5000", Some("[2001:db8::1]:443"));
        assert_eq!(client_addr(&req, &trusted), "2001:db8::1".parse().ok());
        let req = request("10.0.0.2:5000", Some("[2001:db8::2]"));
        assert_eq!(client_addr(&req, &trusted), "2001:db8::2".parse().ok());
    }

    #[test]
    fn ipv6_addresses_share_a_key_per_64() {
        let a = address_key("2001:db8:1:2:aaaa::1".parse().ok());
        let b = address_key("2001:db8:1:2:bbbb::9".parse().ok());
        let c = address_key("2001:db8:1:3::1".parse().ok());
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(address_key("::ffff:192.0.2.1".parse().ok()), "192.0.2.1");
    }
}
