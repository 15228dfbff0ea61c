//! End-to-end checks of the public API: figures name what they were given, bad numbers
//! are refused, PNGs have the expected size, and the page is self-contained.

use report::{
    external_references, png_size, svg_size, svg_to_png, write_figure, Bars, Error, Heatmap, HeatmapGrid,
    Lattices, LinePlot, Matrix, Report, Scatter, Verdict, PNG_SCALE,
};

fn beta() -> Vec<f64> {
    (0..25).map(|i| 0.2 + 0.6 * f64::from(i) / 24.0).collect()
}

fn all_figures() -> Vec<(&'static str, String)> {
    let b = beta();
    let y: Vec<f64> = b.iter().map(|x| x * x).collect();
    let e = vec![0.01; b.len()];
    let m = Matrix::new(8, 8, (0..64).map(|i| f64::from(i) / 32.0 - 1.0).collect()).unwrap();
    let spins: Vec<i8> = (0..64).map(|i| if i % 5 == 0 { 1 } else { -1 }).collect();
    vec![
        (
            "line",
            LinePlot::new("Specific heat")
                .x_label("inverse temperature β")
                .y_label("c per spin")
                .series_with_errors("RG-AE seed 0", &b, &y, &e)
                .series("AE seed 0", &b, &b)
                .reference("exact (Onsager)", &b, &y)
                .vline(0.4406868, "β_c")
                .to_svg()
                .unwrap(),
        ),
        (
            "scatter",
            Scatter::new("Thermometer on L/2")
                .x_label("true β")
                .y_label("β′")
                .series("majority rule", &b, &y)
                .series("decimation", &b, &b)
                .diagonal(true)
                .to_svg()
                .unwrap(),
        ),
        (
            "heatmap",
            Heatmap::new("Weights of unit 3", m.clone())
                .colorbar_label("w")
                .to_svg()
                .unwrap(),
        ),
        (
            "grid",
            HeatmapGrid::new("Receptive fields")
                .panel("unit A", m.clone())
                .panel("unit B", m)
                .to_svg()
                .unwrap(),
        ),
        (
            "lattices",
            Lattices::new("Samples")
                .spins("β = 0.25", 8, &spins)
                .to_svg()
                .unwrap(),
        ),
        (
            "bars",
            Bars::new("Entropy per spin")
                .categories(["below β_c", "above β_c"])
                .series_with_errors("RG coarse", &[0.6, 0.3], &[0.01, 0.02])
                .series_with_errors("AE recon", &[0.5, 0.2], &[0.01, 0.01])
                .to_svg()
                .unwrap(),
        ),
    ]
}

#[test]
fn every_figure_names_its_title_series_and_labels() {
    let figs = all_figures();
    let find = |name: &str| &figs.iter().find(|(n, _)| *n == name).unwrap().1;
    let expect = [
        (
            "line",
            &[
                "Specific heat",
                "inverse temperature β",
                "c per spin",
                "RG-AE seed 0",
                "AE seed 0",
                "exact (Onsager)",
                "β_c",
            ][..],
        ),
        (
            "scatter",
            &[
                "Thermometer on L/2",
                "true β",
                "β′",
                "majority rule",
                "decimation",
                "y = x",
            ][..],
        ),
        ("heatmap", &["Weights of unit 3", "w"][..]),
        ("grid", &["Receptive fields", "unit A", "unit B"][..]),
        ("lattices", &["Samples", "β = 0.25"][..]),
        (
            "bars",
            &[
                "Entropy per spin",
                "below β_c",
                "above β_c",
                "RG coarse",
                "AE recon",
            ][..],
        ),
    ];
    for (name, needles) in expect {
        let svg = find(name);
        assert!(
            svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
            "{name}"
        );
        for n in needles {
            assert!(svg.contains(n), "{name}: missing {n:?}");
        }
        // Figures on their own reference nothing outside themselves either.
        assert!(
            external_references(svg).is_empty(),
            "{name}: {:?}",
            external_references(svg)
        );
    }
}

#[test]
fn non_finite_inputs_are_refused_by_every_kind() {
    let nan = f64::NAN;
    let m = Matrix::new(1, 2, vec![0.0, nan]).unwrap();
    let errors = [
        LinePlot::new("a")
            .series("s", &[0.0, 1.0], &[nan, 1.0])
            .to_svg()
            .unwrap_err(),
        LinePlot::new("a")
            .reference("r", &[f64::INFINITY], &[1.0])
            .to_svg()
            .unwrap_err(),
        Scatter::new("b")
            .series("s", &[nan], &[1.0])
            .to_svg()
            .unwrap_err(),
        Heatmap::new("c", m.clone()).to_svg().unwrap_err(),
        HeatmapGrid::new("d").panel("p", m).to_svg().unwrap_err(),
        Lattices::new("e").values("v", 1, &[nan]).to_svg().unwrap_err(),
        Bars::new("f")
            .categories(["x"])
            .series_with_errors("s", &[1.0], &[nan])
            .to_svg()
            .unwrap_err(),
    ];
    for e in errors {
        assert!(matches!(e, Error::NonFinite { .. }), "{e}");
        assert!(e.to_string().contains("non-finite"), "{e}");
    }
}

#[test]
fn png_dimensions_match_the_svg_or_fonts_are_missing() {
    for (name, svg) in all_figures() {
        let (w, h) = svg_size(&svg).expect("svg has a pixel size");
        match svg_to_png(&svg, 1.5) {
            Ok(png) => {
                let want = ((w as f32 * 1.5).round() as u32, (h as f32 * 1.5).round() as u32);
                assert_eq!(png_size(&png), Some(want), "{name}");
            }
            Err(e) => assert!(e.to_string().contains("no fonts"), "{name}: {e}"),
        }
    }
}

#[test]
fn write_figure_writes_both_files_atomically() {
    let dir = std::env::temp_dir().join(format!("report-it-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let svg = &all_figures()[0].1;
    match write_figure(&dir.join("figures"), "specific_heat", svg) {
        Ok((s, p)) => {
            assert_eq!(std::fs::read_to_string(&s).unwrap(), *svg);
            let (w, h) = svg_size(svg).unwrap();
            let want = ((w as f32 * PNG_SCALE) as u32, (h as f32 * PNG_SCALE) as u32);
            assert_eq!(png_size(&std::fs::read(&p).unwrap()), Some(want));
            let names: Vec<_> = std::fs::read_dir(dir.join("figures"))
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect();
            assert_eq!(names.len(), 2, "temporary files left: {names:?}");
        }
        Err(e) => {
            assert!(e.to_string().contains("no fonts"), "{e}");
            assert!(!dir.join("figures/specific_heat.svg").exists());
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn report_page_has_every_section_and_nothing_external() {
    let ids = [
        "data",
        "thermometer",
        "rg-flow",
        "weights",
        "correlations",
        "loss",
        "entropy",
        "transfer",
        "ae-flow",
        "claims",
    ];
    let figs = all_figures();
    let mut r = Report::new("RG vs autoencoders");
    r.subtitle("quick run");
    for (i, id) in ids.iter().enumerate() {
        let (name, svg) = &figs[i % figs.len()];
        r.section(*id, format!("{}. {id}", i + 1))
            .paragraph(format!("Reading of {name}."))
            .figure(svg, format!("{name} figure"))
            .table(
                &["quantity", "RG", "AE"],
                &[vec!["loss", "0.31 ± 0.01", "0.12 ± 0.01"]],
            );
    }
    r.section("claims", "")
        .verdict("C4: AE lowers entropy", Verdict::Mixed, "only above β_c");
    r.section("appendix", "Appendix").code("import numpy as np");
    let html = r.to_html().unwrap();
    for id in ids.iter().chain(&["appendix"]) {
        assert!(
            html.contains(&format!("<section class=\"report-section\" id=\"{id}\">")),
            "{id}"
        );
        assert!(html.contains(&format!("<a href=\"#{id}\">")), "toc {id}");
    }
    assert_eq!(html.matches("<svg").count(), ids.len());
    assert!(
        external_references(&html).is_empty(),
        "{:?}",
        external_references(&html)
    );
    assert!(!html.contains("<script") && !html.contains("<link"));

    // The checker does find planted references.
    let planted = html.replace(
        "</main>",
        "<img src=\"http://x\"><div style=\"background:url(http://y/z.png)\"></div></main>",
    );
    let found = external_references(&planted);
    assert!(found.contains(&"src=\"http://x\"".to_string()), "{found:?}");
    assert!(found.contains(&"url(http://y/z.png)".to_string()), "{found:?}");
    assert_eq!(found.len(), 2, "{found:?}");
}
