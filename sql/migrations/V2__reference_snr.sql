-- Reference-audio quality: an SNR estimate of the clip the voice was cloned from.
ALTER TABLE tts_generation_log
    ADD COLUMN ref_audio_snr_db DOUBLE NULL COMMENT 'dB, loud against quiet 20 ms frames' AFTER ref_audio_rms_dbfs;
