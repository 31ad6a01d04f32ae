//! Screen sizes from a phone to a 1440p projector: nothing runs off the side of the page.

use dyad_e2e::{dist, Browser, StaticServer};

#[tokio::test(flavor = "current_thread")]
async fn every_page_fits_from_a_phone_to_1440p() {
    let server = StaticServer::start(dist());
    let b = Browser::start().await;
    let article =
        std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds"))
            .unwrap()
            .filter_map(|e| e.ok()?.path().file_stem()?.to_str().map(str::to_string))
            .min()
            .unwrap();
    let routes = [
        "#/".to_string(),
        "#/pair/kh-us".into(),
        format!("#/article/{article}"),
        "#/quotes".into(),
        "#/method".into(),
        "#/brief/3".into(),
    ];
    let mut overflow = Vec::new();
    for (w, h, name) in [
        (390, 844, "phone"),
        (768, 1024, "tablet"),
        (1280, 720, "720p"),
        (2560, 1440, "1440p"),
    ] {
        b.client.set_window_size(w, h).await.unwrap();
        for route in &routes {
            b.client.goto(&server.url(route)).await.unwrap();
            b.wait_ready().await;
            let widths = b
                .client
                .execute("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]", vec![])
                .await
                .unwrap();
            let (scroll, client) = (widths[0].as_u64().unwrap(), widths[1].as_u64().unwrap());
            if scroll > client {
                overflow.push(format!(
                    "{name} {route}: content {scroll}px wide in a {client}px window"
                ));
            }
        }
        b.client.goto(&server.url("#/")).await.unwrap();
        b.wait_for(".pair-card").await;
        b.screenshot(&format!("layout-overview-{name}")).await;
    }
    assert!(
        overflow.is_empty(),
        "pages wider than the window:\n{}",
        overflow.join("\n")
    );
    b.assert_clean_console().await;
    b.close().await;
}
