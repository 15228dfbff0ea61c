//! Stage 6: the report. `runs/<study>/report.html` (one self-contained page, inline
//! SVG), every figure as SVG and PNG under `runs/<study>/figures/`, and
//! `runs/<study>/metrics.json` with every number the page shows.

use std::path::Path;

use anyhow::Result;
use ising::exact::{self, BETA_C};
use ising::Dataset;
use report::{Bars, Colormap, GridScale, HeatmapGrid, Lattices, LinePlot, Matrix, Report, Scatter};
use serde::{Deserialize, Serialize};

use super::config::Config;
use super::data::{set_file, DataSummary};
use super::measure::{receptive_fields, Spread};
use super::train::SeedModels;
use super::Findings;

/// The section ids of the report, in order (the test checks them all).
pub const SECTIONS: [&str; 11] = [
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
    "python",
];

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Written {
    pub figures: Vec<String>,
    pub html_bytes: usize,
}

struct Page {
    report: Report,
    figures_dir: std::path::PathBuf,
    figures: Vec<String>,
    current: (String, String),
}

impl Page {
    /// Starts a section; what follows goes into it.
    fn section(&mut self, id: &str, title: &str) {
        self.current = (id.into(), title.into());
        self.report.section(id, title);
    }

    fn here(&mut self) -> &mut report::Section {
        self.report
            .section(self.current.0.clone(), self.current.1.clone())
    }

    fn paragraph(&mut self, text: &str) {
        self.here().paragraph(text);
    }

    fn table<H: AsRef<str>, C: AsRef<str>>(&mut self, headers: &[H], rows: &[Vec<C>]) {
        self.here().table(headers, rows);
    }

    /// Adds a figure to the current section and writes it as SVG and PNG.
    fn figure(&mut self, name: &str, svg: report::Result<String>, caption: &str) -> Result<()> {
        let svg = svg?;
        report::write_figure(&self.figures_dir, name, &svg)?;
        self.here().figure(&svg, caption);
        self.figures.push(name.into());
        Ok(())
    }
}

fn pm(s: &Spread) -> String {
    format!("{:.4} ± {:.4}", s.mean, s.std)
}

pub fn write(
    config: &Config,
    data: &DataSummary,
    data_dir: &Path,
    findings: &Findings,
    first_seed: (&Path, &SeedModels),
    _stage_dir: &Path,
    root: &Path,
) -> Result<Written> {
    let m = &findings.metrics;
    let mut page = Page {
        report: Report::new(format!(
            "rgae study “{}”: renormalization group vs autoencoders",
            config.name
        )),
        figures_dir: root.join("figures"),
        figures: Vec::new(),
        current: (String::new(), String::new()),
    };
    let l = m.size;
    let betas = &m.betas;

    // 1. Data.
    page.section(SECTIONS[0], "1. Data: the Monte Carlo samples");
    page.paragraph(&format!(
        "L = {l} periodic lattices at {} values of β (β_c included), {} training and {} test samples per β \
         from {} independent chains each; samples kept every ⌈2τ_int⌉ sweeps. Exact curves: Kaufman's \
         finite-lattice solution (u, c), Onsager's spontaneous magnetisation (L = ∞).",
        betas.len(),
        config.data.samples,
        config.data.test_samples,
        config.data.chains
    ));
    let set = data
        .sets
        .iter()
        .find(|s| s.size == l && s.split == "train")
        .expect("training set");
    let x: Vec<f64> = set.per_beta.iter().map(|p| p.beta).collect();
    let col = |f: fn(&ising::observables::Thermo) -> ising::stats::Estimate| -> (Vec<f64>, Vec<f64>) {
        set.per_beta
            .iter()
            .map(|p| (f(&p.thermo).mean, f(&p.thermo).error))
            .unzip()
    };
    let fine: Vec<f64> = (0..=120)
        .map(|i| 0.05 + (betas[betas.len() - 1] + 0.05 - 0.05) * i as f64 / 120.0)
        .collect();
    let (u, du) = col(|t| t.energy);
    page.figure(
        "data_energy",
        LinePlot::new("Energy per spin")
            .x_label("β")
            .y_label("⟨u⟩")
            .series_with_errors("Monte Carlo", &x, &u, &du)
            .reference(
                format!("exact, L = {l} (Kaufman)"),
                &fine,
                &fine
                    .iter()
                    .map(|&b| exact::kaufman(l, b).energy)
                    .collect::<Vec<_>>(),
            )
            .vline(BETA_C, "β_c")
            .to_svg(),
        "⟨u⟩(β) with error bars; dashed: exact finite-lattice energy.",
    )?;
    let (mm, dm) = col(|t| t.abs_magnetization);
    page.figure(
        "data_magnetization",
        LinePlot::new("Magnetisation per spin")
            .x_label("β")
            .y_label("⟨|m|⟩")
            .series_with_errors("Monte Carlo", &x, &mm, &dm)
            .reference("Onsager, L = ∞", &fine, &fine.iter().map(|&b| exact::onsager_magnetization(b)).collect::<Vec<_>>())
            .vline(BETA_C, "β_c")
            .to_svg(),
        "⟨|m|⟩(β); dashed: the spontaneous magnetisation of the infinite lattice (finite L rounds it off near β_c).",
    )?;
    let (c, dc) = col(|t| t.specific_heat);
    let (chi, dchi) = col(|t| t.susceptibility);
    page.figure(
        "data_response",
        LinePlot::new("Specific heat and susceptibility")
            .x_label("β")
            .series_with_errors("c", &x, &c, &dc)
            .series_with_errors("χ = βN(⟨m²⟩ − ⟨|m|⟩²)", &x, &chi, &dchi)
            .reference(
                format!("c exact, L = {l}"),
                &fine,
                &fine
                    .iter()
                    .map(|&b| exact::kaufman(l, b).specific_heat)
                    .collect::<Vec<_>>(),
            )
            .vline(BETA_C, "β_c")
            .to_svg(),
        "Specific heat with the exact finite-lattice curve, and the susceptibility.",
    )?;
    let tau: Vec<f64> = set
        .per_beta
        .iter()
        .map(|p| p.tau_pilot.iter().cloned().fold(0.0, f64::max))
        .collect();
    page.figure(
        "data_tau",
        LinePlot::new("Integrated autocorrelation time (pilot runs)")
            .x_label("β")
            .y_label("τ_int / sweeps")
            .series("max over chains of max(τ_u, τ_|m|)", &x, &tau)
            .vline(BETA_C, "β_c")
            .to_svg(),
        "τ_int per β, measured by Sokal's window on each chain's pilot run (the algorithm switches from \
         heat-bath to Wolff at β = 0.3).",
    )?;
    let test = Dataset::read_npz(&data_dir.join(set_file("test", l)))?;
    let mut lattices = Lattices::new("Sample configurations").columns(6);
    for &target in &[0.25, 0.35, 0.42, BETA_C, 0.5, 0.7] {
        let beta = *betas
            .iter()
            .min_by(|a, c| (*a - target).abs().total_cmp(&(*c - target).abs()))
            .expect("grid");
        if let Some(&i) = test.indices_at(beta).first() {
            lattices = lattices.spins(format!("β = {beta:.3}"), l, test.config(i));
        }
    }
    page.figure(
        "data_samples",
        lattices.to_svg(),
        "One test configuration per β, black = +1.",
    )?;

    // 2. Thermometer.
    page.section(SECTIONS[1], "2. Thermometer: reading β off a configuration");
    let tb: Vec<f64> = m.thermometer.iter().map(|r| r.beta).collect();
    let hat: Vec<f64> = m.thermometer.iter().map(|r| r.beta_hat.mean).collect();
    let hat_sd: Vec<f64> = m.thermometer.iter().map(|r| r.beta_hat.std).collect();
    page.figure(
        "thermo_predicted",
        Scatter::new("Predicted against true β (test chains)")
            .x_label("β")
            .y_label("mean β̂")
            .diagonal(true)
            .series_with_errors("dense thermometer", &tb, &hat, &hat_sd)
            .to_svg(),
        "Mean prediction per β on held-out chains; error bars: spread over training seeds.",
    )?;
    let rmse: Vec<f64> = m.thermometer.iter().map(|r| r.rmse_net.mean).collect();
    let rmse_sd: Vec<f64> = m.thermometer.iter().map(|r| r.rmse_net.std).collect();
    page.figure(
        "thermo_rmse",
        LinePlot::new("RMSE of β per β")
            .x_label("β")
            .y_label("RMSE")
            .series_with_errors("network", &tb, &rmse, &rmse_sd)
            .series(
                "posterior mean from the energy alone",
                &tb,
                &m.thermometer.iter().map(|r| r.rmse_energy).collect::<Vec<_>>(),
            )
            .reference(
                "Cramér–Rao β/√(N c)",
                &tb,
                &m.thermometer.iter().map(|r| r.cramer_rao).collect::<Vec<_>>(),
            )
            .vline(BETA_C, "β_c")
            .to_svg(),
        "The energy is a sufficient statistic: no thermometer can beat the energy-only estimator of its own \
         kind, here the posterior mean over the β grid given E, p(β_k | E) ∝ e^{−β_k E + b_k} (exact for Boltzmann data), whose \
         offsets are fitted on the training set (near the ends of the grid both are biased and may dip \
         under the Cramér–Rao bound).",
    )?;
    let worst = m
        .thermometer
        .iter()
        .map(|r| r.rmse_net.mean / r.rmse_energy)
        .fold(0.0, f64::max);
    page.paragraph(&format!(
        "Largest ratio of the network's RMSE to the energy-only estimator's over the grid: {worst:.2}."
    ));

    // 3. RG flow.
    page.section(SECTIONS[2], "3. RG flow: β′ of coarse-grained lattices");
    let mut flow = LinePlot::new("β′ measured by the L/b and L/b² thermometers")
        .x_label("β")
        .y_label("β′")
        .reference("β′ = β", betas, betas)
        .vline(BETA_C, "β_c");
    let mut rows = Vec::new();
    for curve in &m.rg_flow.curves {
        let y: Vec<f64> = curve.beta_prime.iter().map(|s| s.mean).collect();
        let e: Vec<f64> = curve.beta_prime.iter().map(|s| s.std).collect();
        flow = flow.series_with_errors(curve.name.clone(), &curve.betas, &y, &e);
        rows.push(vec![
            curve.name.clone(),
            curve.fixed_point.as_ref().map_or("no crossing".into(), pm),
            format!("{BETA_C:.4}"),
        ]);
    }
    page.figure("rg_flow", flow.to_svg(), "β′(β): a coarse lattice read by a thermometer trained on genuine lattices of its size. Away from the fixed point the flow runs away from β_c.")?;
    page.table(
        &["transform", "fixed point β* (mean ± sd over seeds)", "β_c"],
        &rows,
    );

    if let Some(fp) = m.rg_flow.curves.first().and_then(|c| c.fixed_point.as_ref()) {
        page.paragraph(&format!(
            "Reading: one majority-rule step leaves β unchanged at β* = {} (β_c = {BETA_C:.4}, {:.1} seed \
             standard deviations away); below β* coarse lattices read hotter and above it colder, the RG \
             flow away from the critical point.",
            pm(fp),
            (fp.mean - BETA_C).abs() / fp.std.max(1e-12)
        ));
    }

    // 4. Weights.
    page.section(SECTIONS[3], "4. Weights: receptive fields of the encoders");
    let [(rg_w, rg_units), (ae_w, ae_units)] = receptive_fields(first_seed.0, first_seed.1)?;
    let sites = l * l;
    let show = 8.min(rg_units).min(ae_units);
    let mut grid =
        HeatmapGrid::new("First-layer weights of 8 units (seed 1): RG encoder (top), AE encoder (bottom)")
            .columns(show)
            .scale(GridScale::PerPanel)
            .colormap(Colormap::Diverging);
    for (name, w) in [("RG", &rg_w), ("AE", &ae_w)] {
        for u in 0..show {
            let unit = u * (rg_units / show);
            grid = grid.panel(
                format!("{name} unit {unit}"),
                Matrix::new(l, l, w[unit * sites..(unit + 1) * sites].to_vec())?,
            );
        }
    }
    page.figure("weights_fields", grid.to_svg(), "Each panel is one unit's weights over the L×L input; the RG encoder learns the majority rule of its 2×2 block.")?;
    let w = &m.weights;
    let metrics = [
        "Hoyer sparsity",
        "Gini",
        "locality",
        "cos to block sum",
        "cos to decimation",
    ];
    fn vals(s: &super::measure::WeightSummary) -> [&Spread; 5] {
        [
            &s.hoyer,
            &s.gini,
            &s.locality,
            &s.cosine_block_sum,
            &s.cosine_decimation,
        ]
    }
    page.figure(
        "weights_measures",
        Bars::new("Weight-matrix measures (mean ± sd over seeds)")
            .categories(metrics)
            .series_with_errors("RG encoder", &vals(&w.rg).map(|s| s.mean), &vals(&w.rg).map(|s| s.std))
            .series_with_errors("AE encoder", &vals(&w.ae).map(|s| s.mean), &vals(&w.ae).map(|s| s.std))
            .to_svg(),
        "Sparsity (Hoyer, Gini), locality (share of |w| inside the unit's own block) and similarity to the ideal kernels.",
    )?;

    page.paragraph(&format!(
        "Reading: the RG encoder's weights have Hoyer sparsity {} against the AE's {}, and keep {} of their \
         |w| mass inside the unit's own block against {} for the AE.",
        pm(&w.rg.hoyer),
        pm(&w.ae.hoyer),
        pm(&w.rg.locality),
        pm(&w.ae.locality)
    ));

    // 5. Correlations.
    page.section(SECTIONS[4], "5. Spin correlations kept by each representation");
    let mut grid = HeatmapGrid::new("Correlation maps C(Δx, Δy) below, at and above β_c")
        .columns(5)
        .scale(GridScale::Shared)
        .colormap(Colormap::Diverging)
        .range(-1.0, 1.0)
        .colorbar_label("⟨s(x) s(x+Δ)⟩");
    let mut rows = Vec::new();
    for c in &m.correlations {
        for (name, size, map) in &c.maps {
            // Centre Δ = 0 for display.
            let shifted: Vec<f64> = (0..size * size)
                .map(|i| map[((i / size + size / 2) % size) * size + (i % size + size / 2) % size])
                .collect();
            grid = grid.panel(
                format!("{name}, β={:.3}", c.beta),
                Matrix::new(*size, *size, shifted)?,
            );
        }
        for (name, s) in &c.distance {
            rows.push(vec![format!("{:.3}", c.beta), name.clone(), pm(s)]);
        }
    }
    page.figure("correlation_maps", grid.to_svg(), "Translation-averaged correlation maps, Δ = 0 at the centre (first seed). Rows: β; columns: original, RG coarse, AE code, RG-AE and AE reconstructions.")?;
    let mid = &m.correlations[m.correlations.len() / 2];
    let mut g = LinePlot::new(format!("G(r) at β = {:.3}", mid.beta))
        .x_label("r (lattice units of each representation)")
        .y_label("G(r)");
    for (name, values) in &mid.g {
        let r: Vec<f64> = (0..values.len()).map(|i| i as f64).collect();
        g = g.series(name.clone(), &r, values);
    }
    page.figure(
        "correlation_g",
        g.to_svg(),
        "G(r) along the axes; coarse representations measure r in block units.",
    )?;
    page.table(&["β", "reconstruction", "‖C − C_original‖ / ‖C_original‖"], &rows);

    // 6. Loss.
    page.section(SECTIONS[5], "6. Reconstruction loss: AE against RG-AE");
    let mut curves = LinePlot::new("Validation loss per epoch")
        .x_label("epoch")
        .y_label("MSE")
        .log_y(true);
    for (k, (ae, rgae)) in m.losses.ae_curves.iter().zip(&m.losses.rg_ae_curves).enumerate() {
        let e: Vec<f64> = (1..=ae.len()).map(|i| i as f64).collect();
        curves = curves.series(format!("AE seed {}", m.seeds[k]), &e, ae);
        let e: Vec<f64> = (1..=rgae.len()).map(|i| i as f64).collect();
        curves = curves.series(format!("RG-AE seed {}", m.seeds[k]), &e, rgae);
    }
    page.figure(
        "loss_curves",
        curves.to_svg(),
        "Training curves (validation split by chain).",
    )?;
    page.paragraph(&format!(
        "Test reconstruction MSE (mean ± sd over seeds): AE {}; RG-AE {}.",
        pm(&m.losses.ae_test),
        pm(&m.losses.rg_ae_test)
    ));

    // 7. Entropy.
    page.section(SECTIONS[6], "7. Entropy and compression");
    let eb: Vec<f64> = m.entropy.iter().map(|r| r.beta).collect();
    let mut ent = LinePlot::new("Patch entropy per spin")
        .x_label("β")
        .y_label("bits per spin")
        .vline(BETA_C, "β_c");
    for k in 0..m.entropy[0].patch.len() {
        let name = m.entropy[0].patch[k].0.clone();
        let y: Vec<f64> = m.entropy.iter().map(|r| r.patch[k].1.mean).collect();
        let e: Vec<f64> = m.entropy.iter().map(|r| r.patch[k].1.std).collect();
        ent = ent.series_with_errors(name, &eb, &y, &e);
    }
    ent = ent.reference(
        format!("exact, L = {l}"),
        &eb,
        &m.entropy.iter().map(|r| r.exact_bits).collect::<Vec<_>>(),
    );
    page.figure("entropy", ent.to_svg(), "Shannon entropy rate of k×k patches (Miller–Madow corrected) for each representation; dashed: the exact entropy of the original lattice.")?;
    let mut rows = Vec::new();
    for r in &m.entropy {
        let mut row = vec![format!("{:.3}", r.beta), format!("{:.3}", r.exact_bits)];
        for (_, s) in &r.compression {
            row.push(format!("{:.3}", s.mean));
        }
        row.push(format!("{:.2}", r.compression[0].1.mean / r.exact_bits));
        rows.push(row);
    }
    let mut headers = vec!["β".to_string(), "exact bits/spin".to_string()];
    headers.extend(
        m.entropy[0]
            .compression
            .iter()
            .map(|(n, _)| format!("compressed: {n}")),
    );
    headers.push("efficiency (original)".into());
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    page.table(&headers, &rows);

    let patch_of = |row: &super::measure::EntropyRow, name: &str| {
        row.patch
            .iter()
            .find(|(n, _)| n == name)
            .map_or(f64::NAN, |(_, s)| s.mean)
    };
    let denoised = m
        .entropy
        .iter()
        .filter(|r| patch_of(r, "AE reconstruction") < patch_of(r, "original"))
        .count();
    page.paragraph(&format!(
        "Reading: the AE reconstruction has a lower patch entropy than the original at {denoised} of {} β; \
         the compressed sizes are upper bounds on the entropy rate (LZMA sees only a short stretch of \
         each row), so the efficiency is above 1.",
        m.entropy.len()
    ));

    // 8. Transfer.
    page.section(
        SECTIONS[7],
        "8. Transfer learning: thermometer heads on the encoders",
    );
    let names: Vec<String> = m.transfer.iter().map(|t| t.name.clone()).collect();
    page.figure(
        "transfer",
        Bars::new("Test RMSE of β (mean ± sd over seeds)")
            .categories(names.clone())
            .series_with_errors(
                "RMSE",
                &m.transfer.iter().map(|t| t.rmse.mean).collect::<Vec<_>>(),
                &m.transfer.iter().map(|t| t.rmse.std).collect::<Vec<_>>(),
            )
            .to_svg(),
        "A thermometer trained from scratch and heads on the frozen or fine-tuned RG and AE encoders.",
    )?;
    let rows: Vec<Vec<String>> = m
        .transfer
        .iter()
        .map(|t| {
            vec![
                t.name.clone(),
                t.encoder.clone(),
                t.frozen.to_string(),
                pm(&t.val_loss),
                pm(&t.rmse),
            ]
        })
        .collect();
    page.table(
        &[
            "model",
            "encoder",
            "frozen",
            "best validation loss",
            "test RMSE of β",
        ],
        &rows,
    );

    // 9. AE flow.
    page.section(SECTIONS[8], "9. Autoencoder flow: reconstruct, read β, repeat");
    let mut plot = LinePlot::new("β read by the thermometer along repeated reconstruction")
        .x_label("step")
        .y_label("mean β̂")
        .vline(0.0, "data");
    for row in &m.ae_flow {
        let steps: Vec<f64> = (0..row.beta.len()).map(|i| i as f64).collect();
        plot = plot.series(
            format!("{} from β = {:.3}", row.model, row.start_beta),
            &steps,
            &row.beta,
        );
    }
    page.figure("ae_flow", plot.to_svg(), "The RBM-flow experiment of Iso, Shiba and Yokoo with autoencoders: where does repeated reconstruction take the temperature?")?;

    let ae_rows: Vec<_> = m.ae_flow.iter().filter(|r| r.model == "ae").collect();
    if let (Some(first), Some(last)) = (ae_rows.first(), ae_rows.last()) {
        page.paragraph(&format!(
            "Reading: from β = {:.3}, repeated AE reconstruction moves the measured β to {:.3} after {} steps; \
             from β = {:.3}, to {:.3}.",
            first.start_beta,
            first.beta.last().copied().unwrap_or(f64::NAN),
            first.beta.len() - 1,
            last.start_beta,
            last.beta.last().copied().unwrap_or(f64::NAN)
        ));
    }

    // 10. Claims.
    page.section(SECTIONS[9], "10. The paper's claims, measured");
    let rows: Vec<Vec<String>> = findings
        .claims
        .iter()
        .map(|c| {
            vec![
                c.id.clone(),
                c.statement.clone(),
                c.measure.clone(),
                c.verdict.clone(),
                c.detail.clone(),
            ]
        })
        .collect();
    page.table(
        &["claim", "statement", "measured by", "verdict", "numbers"],
        &rows,
    );
    page.paragraph("A claim holds when the seed-paired mean difference points the paper's way by more than twice its standard error, fails when it points the other way by as much, and is inconclusive otherwise; mixed when the verdict depends on β.");

    // Appendix.
    page.section(SECTIONS[10], "Appendix: open the run in Python");
    page.here().code(format!(
        "import numpy as np, json, safetensors.numpy as st\n\
         d = np.load(\"{0}/1-simulate/{1}\"); meta = json.loads(bytes(d[\"meta\"]))\n\
         w = st.load_file(\"{0}/3-train-seed{2}/ae/model.safetensors\")",
        root.display(),
        set_file("train", l),
        m.seeds[0]
    ));

    let html = page.report.to_html()?;
    report::write_atomic(&root.join("report.html"), html.as_bytes())?;
    let metrics = serde_json::json!({ "metrics": m, "claims": findings.claims, "data": data });
    report::write_atomic(&root.join("metrics.json"), &serde_json::to_vec_pretty(&metrics)?)?;
    Ok(Written {
        figures: page.figures,
        html_bytes: html.len(),
    })
}
