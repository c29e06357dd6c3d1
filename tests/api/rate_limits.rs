//! Credential-checking endpoints are rate limited per address and per
//! account; a forged X-Forwarded-For buys nothing, and a stranger cannot
//! lock a member out of the browser they always use.

use crate::helpers::{GOOD_PASSWORD, spawn_app, spawn_app_with};

#[actix_web::test]
async fn repeated_wrong_passwords_are_stopped_and_a_forged_forwarded_for_does_not_help() {
    let app = spawn_app().await;
    let browser = app.browser();
    app.sign_up(&browser, "Tara", "tara@example.org").await;
    let token = browser.csrf_token().await;
    let mut statuses = Vec::new();
    for i in 0..12 {
        let spoofed = format!("198.51.100.{i}");
        let page = browser
            .post_with(
                "/login",
                &[
                    ("csrf_token", &token),
                    ("email", "tara@example.org"),
                    ("password", "guessing wrongly"),
                ],
                &[("x-forwarded-for", spoofed.as_str())],
            )
            .await;
        statuses.push(page.status);
    }
    assert_eq!(&statuses[..10], &[422; 10]);
    assert_eq!(&statuses[10..], &[429, 429]);

    let page = browser
        .post_with(
            "/login",
            &[
                ("csrf_token", &token),
                ("email", "tara@example.org"),
                ("password", GOOD_PASSWORD),
            ],
            &[("x-forwarded-for", "203.0.113.99")],
        )
        .await;
    assert_eq!(page.status, 429);
    assert!(
        page.text("#form-error")
            .is_some_and(|t| t.contains("Too many"))
    );
    assert_eq!(
        page.input_value("#login-form", "email").as_deref(),
        Some("tara@example.org")
    );
}

#[actix_web::test]
async fn one_address_trying_many_accounts_is_stopped() {
    let app = spawn_app().await;
    let browser = app.browser();
    let token = browser.csrf_token().await;
    for i in 0..30 {
        let email = format!("user{i}@example.org");
        let spoofed = format!("203.0.113.{i}");
        let page = browser
            .post_with(
                "/login",
                &[
                    ("csrf_token", &token),
                    ("email", &email),
                    ("password", "guessing wrongly"),
                ],
                &[("x-forwarded-for", spoofed.as_str())],
            )
            .await;
        assert_eq!(page.status, 422, "attempt {i}");
    }
    let page = browser
        .post_with(
            "/login",
            &[
                ("csrf_token", &token),
                ("email", "user99@example.org"),
                ("password", "guessing wrongly"),
            ],
            &[("x-forwarded-for", "192.0.2.200")],
        )
        .await;
    assert_eq!(page.status, 429);
}

#[actix_web::test]
async fn the_limit_counts_the_route_however_the_path_is_spelled() {
    let app = spawn_app().await;
    let browser = app.browser();
    app.sign_up(&browser, "Uma", "uma@example.org").await;
    let token = browser.csrf_token().await;
    let fields = [
        ("csrf_token", token.as_str()),
        ("email", "uma@example.org"),
        ("password", "guessing wrongly"),
    ];
    for path in ["/login/", "/login?x=1", "//login", "/login/?a=b", "/login"]
        .iter()
        .cycle()
        .take(10)
    {
        assert_eq!(
            browser.post_with(path, &fields, &[]).await.status,
            422,
            "{path}"
        );
    }
    assert_eq!(browser.post_with("/login/", &fields, &[]).await.status, 429);
    assert_eq!(browser.post_with("/login", &fields, &[]).await.status, 429);
    assert_eq!(browser.post_with("/LOGIN", &fields, &[]).await.status, 404);
}

#[actix_web::test]
async fn a_stranger_cannot_lock_a_member_out_of_the_browser_they_logged_in_with() {
    // Behind a trusted proxy, so the two people have different addresses.
    let app = spawn_app_with(|config| {
        config.trusted_proxies = vec!["127.0.0.1/32".parse().expect("network")];
    })
    .await;
    let member = app.browser();
    app.sign_up(&member, "Vera", "vera@example.org").await;
    let token = member.csrf_token().await;
    let vera_at_home = [("x-forwarded-for", "203.0.113.5")];
    let log_in = [
        ("csrf_token", token.as_str()),
        ("email", "vera@example.org"),
        ("password", GOOD_PASSWORD),
    ];
    assert_eq!(
        member
            .post_with("/login", &log_in, &vera_at_home)
            .await
            .status,
        303
    );
    let token = member.csrf_token().await;
    assert_eq!(
        member
            .post_with("/logout", &[("csrf_token", &token)], &vera_at_home)
            .await
            .status,
        303
    );

    let stranger = app.browser();
    let token = stranger.csrf_token().await;
    let guess = [
        ("csrf_token", token.as_str()),
        ("email", "vera@example.org"),
        ("password", "guessing wrongly"),
    ];
    let elsewhere = [("x-forwarded-for", "198.51.100.66")];
    for _ in 0..10 {
        assert_eq!(
            stranger
                .post_with("/login", &guess, &elsewhere)
                .await
                .status,
            422
        );
    }
    assert_eq!(
        stranger
            .post_with("/login", &guess, &elsewhere)
            .await
            .status,
        429
    );

    let token = member.csrf_token().await;
    let log_in = [
        ("csrf_token", token.as_str()),
        ("email", "vera@example.org"),
        ("password", GOOD_PASSWORD),
    ];
    assert_eq!(
        member
            .post_with("/login", &log_in, &vera_at_home)
            .await
            .status,
        303
    );
}

#[actix_web::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_bucket_and_forged_entries_are_ignored() {
    let app = spawn_app_with(|config| {
        config.trusted_proxies = vec!["127.0.0.1/32".parse().expect("network")];
    })
    .await;
    let browser = app.browser();
    let token = browser.csrf_token().await;
    for i in 0..30 {
        let email = format!("user{i}@example.org");
        // The proxy appends the real client; what the client wrote to the left is forged.
        let header = format!("10.9.8.{i}, 198.51.100.7");
        let page = browser
            .post_with(
                "/login",
                &[
                    ("csrf_token", &token),
                    ("email", &email),
                    ("password", "guessing wrongly"),
                ],
                &[("x-forwarded-for", header.as_str())],
            )
            .await;
        assert_eq!(page.status, 422);
    }
    let fields = [
        ("csrf_token", token.as_str()),
        ("email", "x@example.org"),
        ("password", "guessing wrongly"),
    ];
    let same_client = browser
        .post_with(
            "/login",
            &fields,
            &[("x-forwarded-for", "1.1.1.1, 198.51.100.7")],
        )
        .await;
    assert_eq!(same_client.status, 429);
    let other_client = browser
        .post_with("/login", &fields, &[("x-forwarded-for", "198.51.100.8")])
        .await;
    assert_eq!(other_client.status, 422);
}

#[actix_web::test]
async fn sign_ups_from_one_address_are_limited_and_the_form_is_kept() {
    let app = spawn_app().await;
    let browser = app.browser();
    for i in 0..10 {
        app.sign_up(
            &browser,
            &format!("Neighbour {i}"),
            &format!("n{i}@example.org"),
        )
        .await;
    }
    let page = browser
        .submit(
            "/signup",
            "#signup-form",
            &[
                ("display_name", "One Too Many"),
                ("email", "n10@example.org"),
                ("password", GOOD_PASSWORD),
                ("password_confirm", GOOD_PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, 429);
    assert!(
        page.text("#form-error")
            .is_some_and(|t| t.contains("try again"))
    );
    assert_eq!(
        page.input_value("#signup-form", "display_name").as_deref(),
        Some("One Too Many")
    );
}

#[actix_web::test]
async fn guessing_the_current_password_on_the_account_page_is_limited() {
    let app = spawn_app().await;
    let member = app.member("Wen", "wen@example.org").await;
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let page = member
            .submit(
                "/account",
                "#password-form",
                &[
                    ("current_password", "guessing wrongly"),
                    ("new_password", "a brand new sentence"),
                    ("new_password_confirm", "a brand new sentence"),
                ],
            )
            .await;
        statuses.push(page.status);
    }
    assert_eq!(statuses, vec![422, 422, 422, 422, 422, 429]);
}

#[actix_web::test]
async fn unknown_and_known_emails_share_the_same_limit_answers() {
    let app = spawn_app().await;
    let browser = app.browser();
    let token = browser.csrf_token().await;
    let mut last = 0;
    for _ in 0..11 {
        last = browser
            .post_with(
                "/login",
                &[
                    ("csrf_token", &token),
                    ("email", "ghost@example.org"),
                    ("password", "x-wrong-x"),
                ],
                &[],
            )
            .await
            .status;
    }
    assert_eq!(last, 429, "an unknown email is limited like a real one");
}

#[actix_web::test]
async fn a_stranger_elsewhere_does_not_lock_the_member_out_even_on_a_new_browser() {
    let app = spawn_app_with(|config| {
        config.trusted_proxies = vec!["127.0.0.1/32".parse().expect("network")];
    })
    .await;
    let setup = app.browser();
    app.sign_up(&setup, "Xena", "xena@example.org").await;

    let stranger = app.browser();
    let token = stranger.csrf_token().await;
    let guess = [
        ("csrf_token", token.as_str()),
        ("email", "xena@example.org"),
        ("password", "guessing wrongly"),
    ];
    for _ in 0..10 {
        assert_eq!(
            stranger
                .post_with("/login", &guess, &[("x-forwarded-for", "198.51.100.66")])
                .await
                .status,
            422
        );
    }
    assert_eq!(
        stranger
            .post_with("/login", &guess, &[("x-forwarded-for", "198.51.100.66")])
            .await
            .status,
        429
    );

    let new_phone = app.browser();
    let token = new_phone.csrf_token().await;
    let log_in = [
        ("csrf_token", token.as_str()),
        ("email", "xena@example.org"),
        ("password", GOOD_PASSWORD),
    ];
    assert_eq!(
        new_phone
            .post_with("/login", &log_in, &[("x-forwarded-for", "203.0.113.5")])
            .await
            .status,
        303
    );
}

#[actix_web::test]
async fn guessing_from_many_addresses_meets_the_accounts_ceiling_but_the_members_browser_still_gets_in()
 {
    let app = spawn_app_with(|config| {
        config.trusted_proxies = vec!["127.0.0.1/32".parse().expect("network")];
    })
    .await;
    let member = app.browser();
    app.sign_up(&member, "Yan", "yan@example.org").await;
    let token = member.csrf_token().await;
    let home = [("x-forwarded-for", "203.0.113.5")];
    let log_in = [
        ("csrf_token", token.as_str()),
        ("email", "yan@example.org"),
        ("password", GOOD_PASSWORD),
    ];
    assert_eq!(member.post_with("/login", &log_in, &home).await.status, 303);
    let token = member.csrf_token().await;
    assert_eq!(
        member
            .post_with("/logout", &[("csrf_token", &token)], &home)
            .await
            .status,
        303
    );

    let crowd = app.browser();
    let token = crowd.csrf_token().await;
    let guess = [
        ("csrf_token", token.as_str()),
        ("email", "yan@example.org"),
        ("password", "guessing wrongly"),
    ];
    for i in 0..50 {
        let address = format!("198.51.100.{i}");
        assert_eq!(
            crowd
                .post_with("/login", &guess, &[("x-forwarded-for", address.as_str())])
                .await
                .status,
            422,
            "guess {i}"
        );
    }
    assert_eq!(
        crowd
            .post_with("/login", &guess, &[("x-forwarded-for", "192.0.2.77")])
            .await
            .status,
        429
    );

    let token = member.csrf_token().await;
    let log_in = [
        ("csrf_token", token.as_str()),
        ("email", "yan@example.org"),
        ("password", GOOD_PASSWORD),
    ];
    assert_eq!(member.post_with("/login", &log_in, &home).await.status, 303);
}

#[actix_web::test]
async fn an_enormous_email_is_answered_like_any_unknown_one() {
    let app = spawn_app().await;
    let browser = app.browser();
    let token = browser.csrf_token().await;
    let huge = format!("{}@example.org", "a".repeat(60_000));
    let page = browser
        .post(
            "/login",
            &[
                ("csrf_token", &token),
                ("email", &huge),
                ("password", "guessing wrongly"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(
        page.text("#form-error")
            .is_some_and(|t| t.contains("do not match"))
    );
}
