//! Stage 4: every measurement of the study, from the data, the coarse lattices and the
//! trained networks of all seeds, gathered into one serialisable [`Metrics`].

use std::path::Path;

use anyhow::{Context, Result};
use ising::Dataset;
use nets::arch::Arch;
use nets::net::Net;
use nets::thermometry::{report as thermo_report, BetaRow, EnergyPosterior};
use serde::{Deserialize, Serialize};

use super::config::Config;
use super::data::{set_file, CoarseSummary};
use super::train::{thermometer, SeedModels, HEADS};

/// Mean and sample standard deviation over training seeds, with the values.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Spread {
    pub mean: f64,
    pub std: f64,
    pub values: Vec<f64>,
}

impl Spread {
    pub fn of(values: Vec<f64>) -> Self {
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let std = if values.len() > 1 {
            (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
        } else {
            0.0
        };
        Self { mean, std, values }
    }

    /// Standard error of the mean over seeds.
    pub fn sem(&self) -> f64 {
        self.std / (self.values.len() as f64).sqrt()
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Metrics {
    pub study: String,
    pub size: usize,
    pub block: usize,
    pub seeds: Vec<u64>,
    pub betas: Vec<f64>,
    pub thermometer: Vec<ThermoRow>,
    pub rg_flow: RgFlow,
    pub weights: WeightsReport,
    pub correlations: Vec<CorrelationAtBeta>,
    pub losses: Losses,
    pub entropy: Vec<EntropyRow>,
    pub transfer: Vec<TransferRow>,
    pub ae_flow: Vec<FlowRow>,
}

/// Thermometer quality at one β: network (mean over seeds) beside the two yardsticks:
/// the energy-only estimator of the thermometers' own kind (the posterior mean over
/// the β grid given E, offsets fitted on the training set) and the Cramér–Rao bound.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ThermoRow {
    pub beta: f64,
    pub beta_hat: Spread,
    pub rmse_net: Spread,
    pub rmse_energy: f64,
    pub cramer_rao: f64,
    pub specific_heat: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RgFlow {
    /// Curves β′(β): majority and decimation, one and two steps, and the identity check
    /// (the L/b thermometer on genuine L/b lattices).
    pub curves: Vec<FlowCurve>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FlowCurve {
    pub name: String,
    pub betas: Vec<f64>,
    pub beta_prime: Vec<Spread>,
    /// Where β′(β) = β (linear interpolation), per seed; None where no crossing.
    pub fixed_point: Option<Spread>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct WeightsReport {
    pub rg: WeightSummary,
    pub ae: WeightSummary,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct WeightSummary {
    pub hoyer: Spread,
    pub gini: Spread,
    pub locality: Spread,
    pub cosine_block_sum: Spread,
    pub cosine_decimation: Spread,
    /// Leading singular values (first seed).
    pub singular_values: Vec<f64>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CorrelationAtBeta {
    pub beta: f64,
    /// G(r) along the axes for each representation (first seed), r = 0, 1, …
    pub g: Vec<(String, Vec<f64>)>,
    /// Translation-averaged correlation map C(Δx, Δy) = ⟨s(x) s(x + Δ)⟩ of each
    /// representation (first seed): (name, lattice size, size² values, row-major).
    pub maps: Vec<(String, usize, Vec<f64>)>,
    /// Relative Frobenius distance of each L×L reconstruction's correlation matrix to
    /// the original's, per seed.
    pub distance: Vec<(String, Spread)>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Losses {
    /// Test mean squared reconstruction error per seed.
    pub ae_test: Spread,
    pub rg_ae_test: Spread,
    /// Validation loss per epoch, per seed.
    pub ae_curves: Vec<Vec<f64>>,
    pub rg_ae_curves: Vec<Vec<f64>>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EntropyRow {
    pub beta: f64,
    /// Patch entropy rate, bits per spin, per representation: mean and sd over seeds for
    /// network outputs; for the data-only ones (original, RG coarse) the single value
    /// with its jackknife error as `std`.
    pub patch: Vec<(String, Spread)>,
    /// Compressed bits per spin, per representation.
    pub compression: Vec<(String, Spread)>,
    /// Exact entropy of the original lattice, bits per spin (Kaufman).
    pub exact_bits: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TransferRow {
    pub name: String,
    pub encoder: String,
    pub frozen: bool,
    pub val_loss: Spread,
    pub rmse: Spread,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FlowRow {
    pub model: String,
    pub start_beta: f64,
    /// Mean measured β at steps 0 (the data), 1, 2, … (first seed).
    pub beta: Vec<f64>,
}

/// Everything the analysis needs about one seed's networks, loaded once.
struct SeedNets {
    nets: Vec<(String, Arch, Net, nets::model_dir::ModelCard)>,
}

impl SeedNets {
    fn load(dir: &Path, models: &SeedModels) -> Result<Self> {
        let mut nets = Vec::new();
        for m in &models.models {
            let (card, net) = nets::model_dir::load(&dir.join(&m.dir))?;
            nets.push((m.name.clone(), card.arch.clone(), net, card));
        }
        Ok(Self { nets })
    }

    fn get(&self, name: &str) -> Result<(&Arch, &Net, &nets::model_dir::ModelCard)> {
        self.nets
            .iter()
            .find(|n| n.0 == name)
            .map(|n| (&n.1, &n.2, &n.3))
            .with_context(|| format!("model {name} missing"))
    }

    fn predict(&self, name: &str, data: &Dataset) -> Result<nets::predict::Prediction> {
        let (arch, net, _) = self.get(name)?;
        Ok(nets::predict::predict(net, arch, data, 256)?)
    }

    fn beta_hat(&self, name: &str, data: &Dataset) -> Result<Vec<f64>> {
        self.predict(name, data)?.beta_hat.context("not a thermometer")
    }
}

/// The samples of `data` at each grid β.
fn by_beta(data: &Dataset, betas: &[f64]) -> Vec<Vec<usize>> {
    betas.iter().map(|&b| data.indices_at(b)).collect()
}

fn mean_of(values: &[f64], idx: &[usize]) -> f64 {
    idx.iter().map(|&i| values[i]).sum::<f64>() / idx.len().max(1) as f64
}

/// Configurations of `data` at `idx`, concatenated.
fn configs(data: &Dataset, idx: &[usize]) -> Vec<i8> {
    idx.iter().flat_map(|&i| data.config(i).iter().copied()).collect()
}

/// The grid β nearest to `target`.
fn nearest(betas: &[f64], target: f64) -> f64 {
    *betas
        .iter()
        .min_by(|a, b| (*a - target).abs().total_cmp(&(*b - target).abs()))
        .expect("non-empty grid")
}

/// The unstable fixed point of the flow: the first β where `prime(β) − β` goes from
/// negative to positive (coarse lattices look hotter below it and colder above it), by
/// linear interpolation. Crossings the other way are the ends of a bounded β grid,
/// where any thermometer is biased towards the inside.
fn crossing(betas: &[f64], prime: &[f64]) -> Option<f64> {
    let d: Vec<f64> = betas.iter().zip(prime).map(|(b, p)| p - b).collect();
    (1..d.len()).find(|&i| d[i - 1] < 0.0 && d[i] >= 0.0).map(|i| {
        let t = d[i - 1] / (d[i - 1] - d[i]);
        betas[i - 1] + t * (betas[i] - betas[i - 1])
    })
}

/// A dataset whose spins are replaced (labels kept) — reconstructions as lattices.
fn with_spins(data: &Dataset, size: usize, spins: Vec<i8>) -> Dataset {
    let mut out = Dataset::empty(size, data.meta.clone());
    out.spins = spins;
    out.beta = data.beta.clone();
    out.chain = data.chain.clone();
    out.sweep = data.sweep.clone();
    out.energy = data.energy.clone();
    out.magnetization = data.magnetization.clone();
    out
}

pub struct Inputs<'a> {
    pub config: &'a Config,
    pub data_dir: &'a Path,
    pub coarse_dir: &'a Path,
    pub coarse: &'a CoarseSummary,
    /// Per seed: its stage folder and models.
    pub seeds: Vec<(&'a Path, &'a SeedModels)>,
}

pub fn measure(inp: &Inputs<'_>) -> Result<Metrics> {
    let config = inp.config;
    let betas = config.betas()?;
    let [l, l1, l2] = config.sizes();
    let read = |dir: &Path, file: &str| Dataset::read_npz(&dir.join(file));
    let test = read(inp.data_dir, &set_file("test", l))?;
    let train = read(inp.data_dir, &set_file("train", l))?;
    let nets: Vec<SeedNets> = inp
        .seeds
        .iter()
        .map(|(d, m)| SeedNets::load(d, m))
        .collect::<Result<_>>()?;
    let idx = by_beta(&test, &betas);

    // Thermometer at L against the energy-only estimator and the Cramér–Rao bound.
    let yardstick = EnergyPosterior::fit(&train.energy, &train.beta, l * l)
        .context("energy-only estimator could not be fitted")?;
    let beta_hats: Vec<Vec<f64>> = nets
        .iter()
        .map(|n| n.beta_hat(&thermometer(l), &test))
        .collect::<Result<_>>()?;
    let per_seed: Vec<Vec<BetaRow>> = beta_hats
        .iter()
        .map(|h| thermo_report(&test.beta, &test.energy, h, &yardstick, l * l))
        .collect();
    let thermometer_rows = betas
        .iter()
        .enumerate()
        .map(|(k, &b)| ThermoRow {
            beta: b,
            beta_hat: Spread::of(beta_hats.iter().map(|h| mean_of(h, &idx[k])).collect()),
            rmse_net: Spread::of(per_seed.iter().map(|rows| rows[k].rmse_net).collect()),
            rmse_energy: per_seed[0][k].rmse_energy,
            cramer_rao: per_seed[0][k].cramer_rao,
            specific_heat: per_seed[0][k].specific_heat,
        })
        .collect();

    let rg_flow = rg_flow(inp, &nets, &betas, [l1, l2])?;
    let weights = weights_report(&nets, l, config.rg.block)?;
    let coarse = inp
        .coarse
        .find("majority", 1, "test")
        .context("majority coarse set missing")?;
    let recon = Reconstructions::compute(
        &nets,
        &test,
        Dataset::read_npz(&inp.coarse_dir.join(&coarse.file))?,
    )?;
    let correlations = config
        .analysis
        .correlation_betas
        .iter()
        .map(|&target| correlation_at(&test, &recon, nearest(&betas, target)))
        .collect::<Result<_>>()?;
    let losses = losses(&nets, &recon)?;
    let entropy = entropy_rows(inp, &test, &recon, &betas)?;
    let transfer = transfer_rows(&nets, &test)?;
    let ae_flow = ae_flow(inp, &nets[0], &test, &betas)?;
    Ok(Metrics {
        study: config.name.clone(),
        size: l,
        block: config.rg.block,
        seeds: config.train.seeds.clone(),
        betas,
        thermometer: thermometer_rows,
        rg_flow,
        weights,
        correlations,
        losses,
        entropy,
        transfer,
        ae_flow,
    })
}

fn rg_flow(inp: &Inputs<'_>, nets: &[SeedNets], betas: &[f64], sizes: [usize; 2]) -> Result<RgFlow> {
    let mut curves = Vec::new();
    let mut add = |name: String, data: Dataset, thermo: String| -> Result<()> {
        let idx = by_beta(&data, betas);
        let per_seed: Vec<Vec<f64>> = nets
            .iter()
            .map(|n| {
                let h = n.beta_hat(&thermo, &data)?;
                Ok(idx.iter().map(|i| mean_of(&h, i)).collect())
            })
            .collect::<Result<_>>()?;
        let beta_prime = (0..betas.len())
            .map(|k| Spread::of(per_seed.iter().map(|s| s[k]).collect()))
            .collect();
        let crossings: Vec<f64> = per_seed.iter().filter_map(|s| crossing(betas, s)).collect();
        let fixed_point = (crossings.len() == per_seed.len()).then(|| Spread::of(crossings));
        curves.push(FlowCurve {
            name,
            betas: betas.to_vec(),
            beta_prime,
            fixed_point,
        });
        Ok(())
    };
    for rule in ["majority", "decimation"] {
        for steps in [1u32, 2] {
            let file = inp
                .coarse
                .find(rule, steps, "test")
                .with_context(|| format!("{rule} {steps} missing"))?;
            let data = Dataset::read_npz(&inp.coarse_dir.join(&file.file))?;
            add(
                format!("{rule}, {steps} step{}", if steps > 1 { "s" } else { "" }),
                data,
                thermometer(sizes[steps as usize - 1]),
            )?;
        }
    }
    let genuine = Dataset::read_npz(&inp.data_dir.join(set_file("test", sizes[0])))?;
    add(
        format!("genuine L={} lattices (check)", sizes[0]),
        genuine,
        thermometer(sizes[0]),
    )?;
    Ok(RgFlow { curves })
}

/// First-layer weights of a dense encoder as units × sites (burn stores [in, out]).
fn encoder_matrix(net: &Net) -> Result<(Vec<f64>, usize)> {
    let w = net
        .weight(net.first_layer())
        .context("first layer weight missing")?;
    let (sites, units) = (w.shape[0], w.shape[1]);
    let mut m = vec![0.0; units * sites];
    for i in 0..sites {
        for u in 0..units {
            m[u * sites + i] = w.values[i * units + u] as f64;
        }
    }
    Ok((m, units))
}

/// Receptive fields (units × L²) of the RG and AE encoders of the first seed.
pub fn receptive_fields(dir: &Path, models: &SeedModels) -> Result<[(Vec<f64>, usize); 2]> {
    let nets = SeedNets::load(dir, models)?;
    Ok([
        encoder_matrix(nets.get("rg_encoder")?.1)?,
        encoder_matrix(nets.get("ae")?.1)?,
    ])
}

fn weights_report(nets: &[SeedNets], size: usize, block: usize) -> Result<WeightsReport> {
    let summary = |name: &str| -> Result<WeightSummary> {
        let measures: Vec<rg::weights::WeightMeasures> = nets
            .iter()
            .map(|n| {
                let (m, units) = encoder_matrix(n.get(name)?.1)?;
                Ok(rg::weights::weight_measures(&m, units, size, block))
            })
            .collect::<Result<_>>()?;
        let s = |f: fn(&rg::weights::WeightMeasures) -> f64| Spread::of(measures.iter().map(f).collect());
        Ok(WeightSummary {
            hoyer: s(|m| m.hoyer),
            gini: s(|m| m.gini),
            locality: s(|m| m.locality),
            cosine_block_sum: s(|m| m.cosine_block_sum),
            cosine_decimation: s(|m| m.cosine_decimation),
            singular_values: measures[0].singular_values.iter().take(32).copied().collect(),
        })
    };
    Ok(WeightsReport {
        rg: summary("rg_encoder")?,
        ae: summary("ae")?,
    })
}

/// The networks' outputs on the test set, as ±1 lattices (by sign), per seed.
pub struct Reconstructions {
    /// The majority-rule coarse test set (data only, the same for every seed).
    pub rg_coarse: Dataset,
    /// Per seed: AE code (L/b)², AE reconstruction L², RG-AE reconstruction L², and the
    /// plain mean squared reconstruction errors.
    pub ae_code: Vec<Dataset>,
    pub ae_recon: Vec<Dataset>,
    pub rg_ae_recon: Vec<Dataset>,
    pub ae_mse: Vec<f64>,
    pub rg_ae_mse: Vec<f64>,
}

impl Reconstructions {
    fn compute(nets: &[SeedNets], test: &Dataset, rg_coarse: Dataset) -> Result<Self> {
        let input: Vec<f32> = test.spins.iter().map(|&s| s as f32).collect();
        let mse = |out: &[f32]| {
            input
                .iter()
                .zip(out)
                .map(|(a, b)| ((a - b) as f64).powi(2))
                .sum::<f64>()
                / input.len() as f64
        };
        let mut r = Self {
            rg_coarse,
            ae_code: vec![],
            ae_recon: vec![],
            rg_ae_recon: vec![],
            ae_mse: vec![],
            rg_ae_mse: vec![],
        };
        for n in nets {
            let ae = n.predict("ae", test)?;
            let rg_ae = n.predict("rg_ae", test)?;
            let code = ae.code.context("AE code missing")?;
            let coarse = (ae.code_width as f64).sqrt().round() as usize;
            r.ae_code
                .push(with_spins(test, coarse, nets::spins::by_sign(&code)));
            r.ae_recon
                .push(with_spins(test, test.size, nets::spins::by_sign(&ae.output)));
            r.rg_ae_recon
                .push(with_spins(test, test.size, nets::spins::by_sign(&rg_ae.output)));
            r.ae_mse.push(mse(&ae.output));
            r.rg_ae_mse.push(mse(&rg_ae.output));
        }
        Ok(r)
    }
}

/// The five representations compared, for training seed `seed`: (name, dataset).
pub fn representations<'a>(
    test: &'a Dataset,
    recon: &'a Reconstructions,
    seed: usize,
) -> [(&'static str, &'a Dataset); 5] {
    [
        ("original", test),
        ("RG coarse", &recon.rg_coarse),
        ("AE code", &recon.ae_code[seed]),
        ("RG-AE reconstruction", &recon.rg_ae_recon[seed]),
        ("AE reconstruction", &recon.ae_recon[seed]),
    ]
}

fn correlation_at(test: &Dataset, recon: &Reconstructions, beta: f64) -> Result<CorrelationAtBeta> {
    let reps = representations(test, recon, 0);
    let g = reps
        .iter()
        .map(|(name, d)| {
            let idx = d.indices_at(beta);
            let s = rg::correlation::summarize(&configs(d, &idx), d.size, 4.min(idx.len()).max(2));
            (name.to_string(), s.g.iter().map(|e| e.mean).collect())
        })
        .collect();
    let maps = reps
        .iter()
        .map(|(name, d)| (name.to_string(), d.size, correlation_map(d, &d.indices_at(beta))))
        .collect();
    let sites = test.sites();
    let idx = test.indices_at(beta);
    let original = rg::correlation::correlation_matrix(&configs(test, &idx), sites).full;
    let norm = original.iter().map(|v| v * v).sum::<f64>().sqrt();
    let distance_to = |d: &Dataset| {
        let m = rg::correlation::correlation_matrix(&configs(d, &idx), sites).full;
        m.iter()
            .zip(original.iter())
            .map(|(a, b)| (a - b).powi(2))
            .sum::<f64>()
            .sqrt()
            / norm
    };
    let distance = vec![
        (
            "RG-AE reconstruction".into(),
            Spread::of(recon.rg_ae_recon.iter().map(distance_to).collect()),
        ),
        (
            "AE reconstruction".into(),
            Spread::of(recon.ae_recon.iter().map(distance_to).collect()),
        ),
    ];
    Ok(CorrelationAtBeta {
        beta,
        g,
        maps,
        distance,
    })
}

/// C(Δ) = (1/N) Σ_x ⟨s(x) s(x + Δ)⟩ over the samples `idx`, periodic, as an L×L map.
fn correlation_map(d: &Dataset, idx: &[usize]) -> Vec<f64> {
    let l = d.size;
    let mut map = vec![0.0; l * l];
    for &i in idx {
        let s = d.config(i);
        for (delta, m) in map.iter_mut().enumerate() {
            let (dx, dy) = (delta % l, delta / l);
            let mut sum = 0i64;
            for y in 0..l {
                let row = y * l;
                let other = ((y + dy) % l) * l;
                for x in 0..l {
                    sum += (s[row + x] * s[other + (x + dx) % l]) as i64;
                }
            }
            *m += sum as f64;
        }
    }
    let norm = (idx.len() * l * l) as f64;
    map.iter_mut().for_each(|m| *m /= norm);
    map
}

fn losses(nets: &[SeedNets], recon: &Reconstructions) -> Result<Losses> {
    let curve = |n: &SeedNets, name: &str| -> Result<Vec<f64>> {
        Ok(n.get(name)?.2.history.epochs.iter().map(|e| e.val_loss).collect())
    };
    Ok(Losses {
        ae_test: Spread::of(recon.ae_mse.clone()),
        rg_ae_test: Spread::of(recon.rg_ae_mse.clone()),
        ae_curves: nets.iter().map(|n| curve(n, "ae")).collect::<Result<_>>()?,
        rg_ae_curves: nets.iter().map(|n| curve(n, "rg_ae")).collect::<Result<_>>()?,
    })
}

fn entropy_rows(
    inp: &Inputs<'_>,
    test: &Dataset,
    recon: &Reconstructions,
    betas: &[f64],
) -> Result<Vec<EntropyRow>> {
    let k_max = inp.config.analysis.patch_k_max;
    let seeds = recon.ae_recon.len();
    let reps: Vec<_> = (0..seeds).map(|s| representations(test, recon, s)).collect();
    betas
        .iter()
        .map(|&beta| {
            let mut patch = Vec::new();
            let mut compression = Vec::new();
            for r in 0..reps[0].len() {
                // Data-only representations are the same for every seed: measure once.
                let seeds_here = if r < 2 { 1 } else { seeds };
                let mut p = Vec::new();
                let mut c = Vec::new();
                let mut jackknife = 0.0;
                for rep in reps.iter().take(seeds_here) {
                    let d = rep[r].1;
                    let idx = d.indices_at(beta);
                    let x = configs(d, &idx);
                    let rate = rg::entropy::patch_entropy(&x, d.size, k_max.min(d.size), 4).rate();
                    jackknife = rate.error;
                    p.push(rate.mean);
                    let ce =
                        rg::entropy::compression_entropy(&x, d.size, 2, 7).map_err(anyhow::Error::msg)?;
                    c.push(ce.bits_per_spin.mean);
                }
                // One value (data-only): its spread is the jackknife error of the estimate.
                let mut spread = Spread::of(p);
                if seeds_here == 1 {
                    spread.std = jackknife;
                }
                patch.push((reps[0][r].0.to_string(), spread));
                compression.push((reps[0][r].0.to_string(), Spread::of(c)));
            }
            Ok(EntropyRow {
                beta,
                patch,
                compression,
                exact_bits: rg::entropy::kaufman_entropy(test.size, beta) / std::f64::consts::LN_2,
            })
        })
        .collect()
}

fn transfer_rows(nets: &[SeedNets], test: &Dataset) -> Result<Vec<TransferRow>> {
    let rmse = |h: &[f64]| {
        (h.iter()
            .zip(&test.beta)
            .map(|(a, b)| (a - b).powi(2))
            .sum::<f64>()
            / h.len() as f64)
            .sqrt()
    };
    let mut rows = Vec::new();
    let plain = thermometer(test.size);
    let mut entries: Vec<(&str, &str, bool)> = vec![(plain.as_str(), "none (trained from scratch)", false)];
    entries.extend(HEADS.iter().map(|&(n, e, f)| (n, e, f)));
    for (name, encoder, frozen) in entries {
        let val = nets
            .iter()
            .map(|n| Ok(n.get(name)?.2.history.best_val_loss.unwrap_or(f64::NAN)))
            .collect::<Result<Vec<_>>>()?;
        let err = nets
            .iter()
            .map(|n| Ok(rmse(&n.beta_hat(name, test)?)))
            .collect::<Result<Vec<_>>>()?;
        rows.push(TransferRow {
            name: name.into(),
            encoder: encoder.into(),
            frozen,
            val_loss: Spread::of(val),
            rmse: Spread::of(err),
        });
    }
    Ok(rows)
}

/// Iterates reconstruction: x → sign(AE(x)), reading β with the size-L thermometer at
/// each step (the RBM-flow experiment of Iso, Shiba and Yokoo, with autoencoders).
fn ae_flow(inp: &Inputs<'_>, nets: &SeedNets, test: &Dataset, betas: &[f64]) -> Result<Vec<FlowRow>> {
    let thermo = thermometer(test.size);
    let starts: Vec<f64> = [0.25, ising::exact::BETA_C, 0.6, 0.75]
        .iter()
        .map(|&b| nearest(betas, b))
        .collect();
    let mut rows = Vec::new();
    for model in ["ae", "rg_ae"] {
        let mut x = test.clone();
        let mut traj: Vec<Vec<f64>> = vec![Vec::new(); starts.len()];
        for step in 0..=inp.config.analysis.ae_flow_steps {
            if step > 0 {
                let out = nets.predict(model, &x)?;
                x = with_spins(&x, x.size, nets::spins::by_sign(&out.output));
            }
            let h = nets.beta_hat(&thermo, &x)?;
            for (k, &b) in starts.iter().enumerate() {
                traj[k].push(mean_of(&h, &x.indices_at(b)));
            }
        }
        for (k, &b) in starts.iter().enumerate() {
            rows.push(FlowRow {
                model: model.into(),
                start_beta: b,
                beta: traj[k].clone(),
            });
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossing_interpolates() {
        let b = [0.2, 0.4, 0.6];
        let p = [0.1, 0.35, 0.7]; // p − b: −0.1, −0.05, +0.1
        let x = crossing(&b, &p).unwrap();
        assert!((x - (0.4 + 0.2 * 0.05 / 0.15)).abs() < 1e-12);
        assert!(crossing(&b, &[0.3, 0.5, 0.7]).is_none());
        // A stable crossing (positive to negative) at the grid's end is not the fixed point.
        let b = [0.2, 0.3, 0.4, 0.5, 0.6];
        let x = crossing(&b, &[0.25, 0.28, 0.38, 0.55, 0.58]).unwrap();
        assert!(x > 0.4 && x < 0.5, "{x}");
    }

    #[test]
    fn spread_of_values() {
        let s = Spread::of(vec![1.0, 2.0, 3.0]);
        assert_eq!(s.mean, 2.0);
        assert!((s.std - 1.0).abs() < 1e-12);
    }
}
