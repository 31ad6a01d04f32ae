//! The app icons as PNG, drawn here so they always match `assets/icon.svg`.

use crate::Result;
use std::io::Write;
use std::path::Path;

pub(super) fn write_icons(dir: &Path) -> Result<()> {
    for size in [192u32, 512] {
        std::fs::write(
            dir.join(format!("icon-{size}.png")),
            png(size, size, &draw_icon(size)),
        )?;
    }
    Ok(())
}

/// The icon of `assets/icon.svg` (64×64 units): a navy rounded square with two interlocking
/// rings, gold and white. Small sizes are supersampled 4×4 to smooth the edges; large ones need
/// no smoothing, and their four flat colours compress to a third.
pub(super) fn draw_icon(size: u32) -> Vec<u8> {
    let ss = if size < 256 { 4 } else { 1 };
    const BG: [f32; 3] = [0x1f as f32, 0x3a as f32, 0x5f as f32];
    const GOLD: [f32; 3] = [0xf2 as f32, 0xc1 as f32, 0x4e as f32];
    const WHITE: [f32; 3] = [255.0, 255.0, 255.0];
    let scale = 64.0 / size as f32;
    let mut rgba = Vec::with_capacity((size * size * 4) as usize);
    for y in 0..size {
        for x in 0..size {
            let (mut acc, mut alpha) = ([0f32; 3], 0f32);
            for sy in 0..ss {
                for sx in 0..ss {
                    let u = (x as f32 + (sx as f32 + 0.5) / ss as f32) * scale;
                    let v = (y as f32 + (sy as f32 + 0.5) / ss as f32) * scale;
                    if !in_rounded_square(u, v, 64.0, 12.0) {
                        continue;
                    }
                    let ring = |cx: f32| ((u - cx).hypot(v - 32.0) - 14.0).abs() <= 2.5;
                    let color = if ring(39.0) {
                        WHITE
                    } else if ring(25.0) {
                        GOLD
                    } else {
                        BG
                    };
                    for c in 0..3 {
                        acc[c] += color[c];
                    }
                    alpha += 1.0;
                }
            }
            let n = alpha.max(1.0);
            rgba.extend(acc.iter().map(|c| (c / n).round() as u8));
            rgba.push((alpha / (ss * ss) as f32 * 255.0).round() as u8);
        }
    }
    rgba
}

pub(super) fn in_rounded_square(u: f32, v: f32, side: f32, r: f32) -> bool {
    let cx = u.clamp(r, side - r);
    let cy = v.clamp(r, side - r);
    (0.0..=side).contains(&u) && (0.0..=side).contains(&v) && (u - cx).hypot(v - cy) <= r
}

/// A minimal PNG encoder: 8-bit RGBA, no filtering, zlib-compressed.
pub(super) fn png(width: u32, height: u32, rgba: &[u8]) -> Vec<u8> {
    let mut raw = Vec::with_capacity(rgba.len() + height as usize);
    for row in rgba.chunks(width as usize * 4) {
        raw.push(0); // filter: none
        raw.extend_from_slice(row);
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(&raw).unwrap();
    let idat = z.finish().unwrap();
    let mut ihdr = Vec::new();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]); // 8 bits, RGBA, deflate, no filter, no interlace
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(b"IHDR", &ihdr), (b"IDAT", &idat), (b"IEND", &Vec::new())] {
        out.extend((data.len() as u32).to_be_bytes());
        let mut chunk = kind.to_vec();
        chunk.extend_from_slice(data);
        out.extend_from_slice(&chunk);
        out.extend(crc32fast::hash(&chunk).to_be_bytes());
    }
    out
}
